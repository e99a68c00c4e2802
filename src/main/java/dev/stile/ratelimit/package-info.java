/**
 * Request rate limits per key, client address and widget session, shared by every
 * instance through PostgreSQL, with the {@code X-RateLimit-*} headers and the 429 that
 * enforce them.
 */
package dev.stile.ratelimit;
