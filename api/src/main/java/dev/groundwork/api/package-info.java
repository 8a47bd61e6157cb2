/**
 * The Groundwork application: configuration, the command line, and the REST API over ingestion,
 * search and answers. Each feature is a package; this root holds what ties them together.
 */
package dev.groundwork.api;
