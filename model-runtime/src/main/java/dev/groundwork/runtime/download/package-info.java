/**
 * Downloads model files over HTTP for users who have internet: resumable (a {@code .part} file and
 * a {@code Range} request), verified against a SHA-256 (given, or the one a Hugging Face server
 * sends for large files), and moved into place only when complete. Nothing in the build or the
 * tests downloads from outside: tests serve files from a loopback server.
 */
package dev.groundwork.runtime.download;
