/**
 * The credential methods {@code mdl}, {@code mid} and {@code eudi_pid}: which credential
 * serves which method, the operator's trust anchors, and the policy applied once the
 * {@code credential} package has verified a presentation's cryptography.
 */
@NullMarked
package dev.stile.method.credential;

import org.jspecify.annotations.NullMarked;
