package dev.groundwork.ingest;

/** A path to ingest lies outside the allowed roots (after resolving {@code ..} and symbolic links). */
public final class PathNotAllowedException extends RuntimeException {

    public PathNotAllowedException(String message) {
        super(message);
    }
}
