/** {@code /api/collections}: list collections and delete one with everything it holds. */
package dev.groundwork.api.collection;
