/**
 * What the hosted widget calls: the client-secret API of a single session.
 */
package dev.stile.widget;
