package dev.groundwork.api.limits;

import java.io.IOException;

/**
 * A request body sent without a declared length grew past the limit while it was read; public for
 * the problem-details advice, which answers 413.
 */
public final class BodyTooLargeException extends IOException {

    BodyTooLargeException(long maxBytes) {
        super("The request body is larger than " + maxBytes + " bytes, the most accepted");
    }
}
