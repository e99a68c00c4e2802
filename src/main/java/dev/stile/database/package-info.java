/**
 * The embedded PostgreSQL started when no external database is configured.
 */
package dev.stile.database;
