package dev.stile.compliance;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether a jurisdiction's law recognises mobile driver's licences, and how far they are
 * accepted unless a rule says otherwise.
 *
 * @param acceptedIssuers the issuing jurisdictions whose mobile licences the law accepts
 * there (Louisiana: its own LA Wallet only), or {@code null} for any issuer
 */
record MdlFacts(@Nullable Boolean legallyRecognized, @Nullable String acceptance, @Nullable String basis,
		@Nullable String confidence, @Nullable List<String> sources, @Nullable String note,
		@Nullable List<String> acceptedIssuers) {

}
