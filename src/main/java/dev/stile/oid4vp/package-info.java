/**
 * The wallet protocol, OpenID4VP 1.0 profiled by HAIP 1.0: the verifier's identity, a
 * signed request per attempt, and the wallet's response, judged by the credential methods
 * as an attempt of the session.
 */
@NullMarked
package dev.stile.oid4vp;

import org.jspecify.annotations.NullMarked;
