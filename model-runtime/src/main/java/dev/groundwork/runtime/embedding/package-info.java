/**
 * Sentence embedding models that run in-process on ONNX Runtime, with their own tokenizers for
 * token-accurate counting. The bundled models ship inside Maven Central jars, so nothing is
 * downloaded at run time.
 */
package dev.groundwork.runtime.embedding;
