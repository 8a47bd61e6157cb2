package dev.groundwork.api;

import dev.groundwork.api.cli.Commands;

/** Entry point of {@code groundwork.jar} and the {@code ./groundwork} launcher. */
public final class GroundworkMain {

    private GroundworkMain() {}

    public static void main(String[] args) {
        int exitCode = new Commands(System.out, System.err).run(args);
        if (exitCode >= 0) {
            System.exit(exitCode);
        }
    }
}
