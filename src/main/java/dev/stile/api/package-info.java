/**
 * The HTTP conventions every endpoint shares: error envelope, request ids, idempotency,
 * pagination, ids and trusted geo headers.
 */
package dev.stile.api;
