/**
 * Verification sessions: the aggregate, its status machine and the Verification Sessions
 * API.
 */
package dev.stile.session;
