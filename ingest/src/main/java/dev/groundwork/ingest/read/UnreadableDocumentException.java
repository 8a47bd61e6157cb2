package dev.groundwork.ingest.read;

/** A file that cannot be turned into document text; the message says why, for the item's error. */
public final class UnreadableDocumentException extends RuntimeException {

    public UnreadableDocumentException(String message) {
        super(message);
    }

    public UnreadableDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
