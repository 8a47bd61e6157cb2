/** Turns every error into an RFC 9457 problem details response. */
package dev.groundwork.api.problem;
