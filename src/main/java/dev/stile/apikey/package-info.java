/**
 * Organizations, API keys and how a request proves who it is; the operator API.
 */
package dev.stile.apikey;
