/**
 * Verification of digital credentials presented by a wallet: ISO/IEC 18013-5 mdoc
 * {@code DeviceResponse}s and SD-JWT VCs, their issuers' certificates checked against the
 * operator's trust anchors. Pure: no HTTP and no database; the {@code method} package
 * puts policy on top.
 */
package dev.stile.credential;
