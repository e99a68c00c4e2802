/**
 * What an operator needs around the API: metrics, request logs, TLS and the trust of
 * forwarded headers.
 */
package dev.stile.ops;
