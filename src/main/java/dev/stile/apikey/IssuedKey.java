package dev.stile.apikey;

/**
 * A key just created, with its clear value: the only moment the value exists outside the
 * caller's hands.
 */
record IssuedKey(ApiKey key, KeyValue value) {
}
