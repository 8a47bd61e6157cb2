/** {@code GET /api/documents/{id}}: a stored document with the full text that citations point into. */
package dev.groundwork.api.document;
