/** {@code POST /api/search}: hybrid retrieval of chunks. */
package dev.groundwork.api.search;
