package dev.groundwork.runtime.generation;

import java.util.List;

/**
 * Releases generated text to the listener as soon as it cannot be the start of a stop string, and
 * finds the stop string when it is complete.
 */
final class StopStrings {

    private final List<String> stops;
    private final StringBuilder text = new StringBuilder();
    private int released;

    StopStrings(List<String> stops) {
        this.stops = stops;
    }

    /** Adds decoded text; returns true when a stop string is now complete (the text is cut before it). */
    boolean add(String piece) {
        text.append(piece);
        int from = Math.max(0, released - longest());
        for (String stop : stops) {
            int at = text.indexOf(stop, from);
            if (at >= 0) {
                text.setLength(at);
                return true;
            }
        }
        return false;
    }

    /** Text that is now safe to release: everything but a tail that could begin a stop string. */
    String releasable(boolean finished) {
        int end = finished ? text.length() : text.length() - heldBack();
        if (end <= released) {
            return "";
        }
        String out = text.substring(released, end);
        released = end;
        return out;
    }

    String text() {
        return text.toString();
    }

    private int longest() {
        return stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Length of the longest suffix of the text that is a proper prefix of a stop string. */
    private int heldBack() {
        int held = 0;
        for (String stop : stops) {
            for (int length = Math.min(stop.length() - 1, text.length() - released); length > held; length--) {
                if (stop.startsWith(text.substring(text.length() - length))) {
                    held = length;
                    break;
                }
            }
        }
        return held;
    }
}
