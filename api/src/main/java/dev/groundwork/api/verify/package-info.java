/** {@code POST /api/verify}: the claim-by-claim checker, for answers produced anywhere. */
package dev.groundwork.api.verify;
