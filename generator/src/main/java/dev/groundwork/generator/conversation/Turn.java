package dev.groundwork.generator.conversation;

import java.util.Objects;

/**
 * One exchange of a conversation.
 *
 * @param question what was asked, in standalone form when it was rewritten
 * @param answer what was answered, or empty
 */
public record Turn(String question, String answer) {

    public Turn {
        Objects.requireNonNull(question, "question");
        answer = answer == null ? "" : answer;
    }
}
