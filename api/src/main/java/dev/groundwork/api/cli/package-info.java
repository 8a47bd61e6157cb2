/**
 * The command line behind {@code ./groundwork}: {@code serve}, {@code demo}, and the client
 * commands {@code ingest} and {@code ask}, which talk to a running server over its REST API or,
 * when none is running, to one started in-process for the command.
 */
package dev.groundwork.api.cli;
