/** Limits on what a request may send, enforced before anything reads it. */
package dev.groundwork.api.limits;
