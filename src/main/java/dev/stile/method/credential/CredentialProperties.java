package dev.stile.method.credential;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's trust anchors for the credential methods: each a comma-separated list of
 * PEM (or DER) certificate files and directories of them, read at start and on
 * {@code POST /admin/v1/trust_anchors/reload}.
 *
 * @param mdlTrustAnchors IACA roots of the authorities issuing mobile driving licences
 * and ISO/IEC 23220 photo IDs ({@code STILE_MDL_TRUST_ANCHORS}); empty: {@code mdl} and
 * the photo ID are not offered live
 * @param pidTrustAnchors roots of EU PID and age verification attestation providers
 * ({@code STILE_PID_TRUST_ANCHORS}); empty: {@code eudi_pid} is not offered live
 */
@ConfigurationProperties("stile.credentials")
public record CredentialProperties(@DefaultValue("") String mdlTrustAnchors, @DefaultValue("") String pidTrustAnchors) {

}
