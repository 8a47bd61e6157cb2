/**
 * Who may do what: API keys and local user accounts, each with a role ({@code admin}, {@code
 * writer}, {@code reader}) and the collections it is granted; sign-in sessions for the web page
 * with CSRF protection; and {@link dev.groundwork.api.security.Access}, the one place where the
 * rules are applied, used by every controller. Nothing but the web page's static files, sign-in and
 * the health check is open without a key or a session.
 */
package dev.groundwork.api.security;
