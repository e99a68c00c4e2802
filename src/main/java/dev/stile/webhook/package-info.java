/**
 * Events and signed webhooks: the event log written with every session change, webhook
 * endpoints, and at-least-once delivery of events to them.
 */
package dev.stile.webhook;
