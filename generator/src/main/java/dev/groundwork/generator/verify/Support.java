package dev.groundwork.generator.verify;

/** How well the sources support a claim. */
public enum Support {
    /** The evidence states the claim. */
    SUPPORTED,
    /** The evidence states part of it, or something close. */
    PARTIAL,
    /** Nothing in the sources states it, or the evidence contradicts it. */
    UNSUPPORTED
}
