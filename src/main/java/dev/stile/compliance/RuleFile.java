package dev.stile.compliance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One jurisdiction's rule file as written: facts about the jurisdiction, defaults for its
 * rules, and one rule per use case it says something about.
 */
record RuleFile(@Nullable String code, @Nullable String name, @Nullable Boolean euEea, @Nullable MdlFacts mdl,
		@Nullable RuleEntry ruleDefaults, @Nullable String confidence, @Nullable String note,
		Map<String, RuleEntry> rules) {

	static final String DEFAULT_CODE = "default";

	RuleFile {
		rules = (rules != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(rules)) : Map.of();
	}

	boolean isDefault() {
		return DEFAULT_CODE.equals(this.code);
	}

}
