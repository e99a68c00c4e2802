/**
 * Verified persons: reuse of an earlier verification across sessions and organizations,
 * known only by keyed hashes of an email or phone.
 */
package dev.stile.person;
