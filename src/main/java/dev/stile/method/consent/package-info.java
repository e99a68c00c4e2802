/**
 * The {@code parental_consent} method run by the server itself: a parent, mailed a link,
 * proves to be an adult in a session of their own, then consents or declines.
 */
package dev.stile.method.consent;
