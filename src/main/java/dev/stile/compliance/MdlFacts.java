package dev.stile.compliance;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether a jurisdiction's law recognises mobile driver's licences, and how far they are
 * accepted unless a rule says otherwise.
 */
record MdlFacts(@Nullable Boolean legallyRecognized, @Nullable String acceptance, @Nullable String basis,
		@Nullable String confidence, @Nullable List<String> sources, @Nullable String note) {

}
