/**
 * Verification methods and how a session's method waterfall is planned.
 */
package dev.stile.method;
