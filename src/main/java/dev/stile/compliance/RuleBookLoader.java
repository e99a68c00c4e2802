package dev.stile.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and checks the rule files. Any mistake in the data (a typo in a field name, an
 * unknown method, a rule without a citation, a state lowering a federal floor) stops the
 * server from starting rather than producing a wrong ruling later.
 */
final class RuleBookLoader {

	static final String CLASSPATH_LOCATION = "classpath*:compliance/*.yaml";

	private static final String META_FILE = "meta.yaml";

	private static final Set<String> CONFIDENCES = Set.of("high", "medium", "low");

	private static final YAMLMapper MAPPER = YAMLMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private RuleBookLoader() {
	}

	static RuleBook load(String locationPattern) {
		Resource[] resources;
		try {
			resources = new PathMatchingResourcePatternResolver().getResources(locationPattern);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list compliance rule files at " + locationPattern, ex);
		}
		RuleMeta meta = null;
		RuleFile defaults = null;
		Map<String, RuleFile> files = new LinkedHashMap<>();
		for (Resource resource : resources) {
			String name = String.valueOf(resource.getFilename());
			if (META_FILE.equals(name)) {
				meta = read(resource, RuleMeta.class);
				continue;
			}
			RuleFile file = read(resource, RuleFile.class);
			String expected = name.substring(0, name.length() - ".yaml".length());
			check(expected.equals(file.code()), name, "code '" + file.code() + "' does not match the file name");
			if (file.isDefault()) {
				defaults = file;
			}
			else {
				check(Jurisdiction.isValid(file.code()), name, "code is not an ISO 3166 code");
				check(files.put(expected, file) == null, name, "duplicate file");
			}
		}
		check(meta != null && meta.version() != null && !meta.version().isBlank(), META_FILE,
				"missing, or without a version");
		check(defaults != null, RuleFile.DEFAULT_CODE + ".yaml", "missing");
		RuleBook book = new RuleBook(meta.version(), defaults, files);
		validate(book);
		return book;
	}

	private static <T> T read(Resource resource, Class<T> type) {
		try (InputStream in = resource.getInputStream()) {
			T value = MAPPER.readValue(in, type);
			check(value != null, String.valueOf(resource.getFilename()), "empty");
			return value;
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalStateException(
					"Malformed compliance rule file " + resource.getFilename() + ": " + ex.getMessage(), ex);
		}
	}

	private static void validate(RuleBook book) {
		List<RuleFile> all = new ArrayList<>(book.files().values());
		all.add(book.defaults());
		for (RuleFile file : all) {
			validateFile(book, file);
		}
		for (RuleFile file : all) {
			Jurisdiction jurisdiction = file.isDefault() ? Jurisdiction.of("ZZ") : Jurisdiction.of(file.code());
			String fileName = file.code() + ".yaml";
			JurisdictionProfile profile = attempt(fileName, () -> book.profile(jurisdiction));
			check(profile.mdlLegallyRecognized() || profile.mdlAcceptanceStatus() == MdlAcceptance.NONE, fileName,
					"mdl acceptance must be none where mobile licences are not legally recognised");
			for (String useCase : book.useCases()) {
				attempt(fileName, () -> book.ruling(jurisdiction, useCase));
			}
		}
	}

	private static void validateFile(RuleBook book, RuleFile file) {
		String name = file.code() + ".yaml";
		check(file.name() != null && !file.name().isBlank(), name, "name is required");
		checkConfidence(name, file.confidence());
		boolean subdivision = !file.isDefault() && Jurisdiction.of(file.code()).subdivision().isPresent();
		RuleFile country = subdivision ? book.files().get(Jurisdiction.of(file.code()).country()) : null;
		check(!subdivision || country != null, name, "no file for its country");
		check(!subdivision || file.euEea() == null, name, "eu_eea belongs in the country's file");
		if (file.mdl() != null) {
			MdlFacts mdl = file.mdl();
			if (mdl.acceptance() != null) {
				attempt(name, () -> RuleBook.mdlAcceptance(mdl.acceptance()));
			}
			checkConfidence(name, mdl.confidence());
		}
		if (file.ruleDefaults() != null) {
			validateEntry(name + " rule_defaults", file.ruleDefaults(), false);
		}
		for (Map.Entry<String, RuleEntry> entry : file.rules().entrySet()) {
			String useCase = entry.getKey();
			String where = name + " rule " + useCase;
			RuleEntry rule = entry.getValue();
			check(book.useCases().contains(useCase), where, "unknown use case (not in default.yaml)");
			validateEntry(where, rule, true);
			check(!Boolean.TRUE.equals(rule.floor()) || rule.ageTier() != null, where, "a floor needs an age_tier");
			RuleEntry countryRule = (country != null) ? country.rules().get(useCase) : null;
			if (countryRule != null && Boolean.TRUE.equals(countryRule.floor()) && rule.ageTier() != null) {
				AgeTier floor = RuleBook.ageTier(countryRule.ageTier());
				check(RuleBook.ageTier(rule.ageTier()).satisfies(floor), where, "age_tier " + rule.ageTier()
						+ " lowers the floor " + countryRule.ageTier() + " set by " + country.code() + ".yaml");
			}
		}
	}

	private static void validateEntry(String where, RuleEntry rule, boolean isRule) {
		if (isRule) {
			check(rule.citations() != null && !rule.citations().isEmpty(), where, "needs at least one citation");
		}
		if (rule.citations() != null) {
			check(rule.citations().stream().noneMatch(String::isBlank), where, "blank citation");
		}
		if (rule.status() != null) {
			check(RuleEntry.PERMITTED.equals(rule.status()) || RuleEntry.PROHIBITED.equals(rule.status()), where,
					"status must be permitted or prohibited");
			check(!RuleEntry.PROHIBITED.equals(rule.status()) || rule.prohibitedReason() != null, where,
					"a prohibited rule needs a prohibited_reason");
		}
		if (rule.ageTier() != null) {
			attempt(where, () -> RuleBook.ageTier(rule.ageTier()));
		}
		if (rule.mdlAcceptance() != null) {
			attempt(where, () -> RuleBook.mdlAcceptance(rule.mdlAcceptance()));
		}
		if (rule.allowedMethods() != null) {
			check(!rule.allowedMethods().isEmpty(), where, "allowed_methods is empty");
			rule.allowedMethods().forEach((method) -> attempt(where, () -> RuleBook.method(method)));
		}
		checkNotNegative(where, "data_retention_days", rule.dataRetentionDays());
		checkNotNegative(where, "biometric_retention_days", rule.biometricRetentionDays());
		checkNotNegative(where, "credential_validity_days", rule.credentialValidityDays());
		checkConfidence(where, rule.confidence());
	}

	private static void checkNotNegative(String where, String field, @Nullable Integer value) {
		check(value == null || value >= 0, where, field + " is negative");
	}

	private static void checkConfidence(String where, @Nullable String confidence) {
		check(confidence == null || CONFIDENCES.contains(confidence), where,
				"confidence must be one of " + CONFIDENCES);
	}

	private static <T> T attempt(String where, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid compliance rule file " + where + ": " + ex.getMessage(), ex);
		}
	}

	private static void check(boolean condition, String where, String problem) {
		if (!condition) {
			throw new IllegalStateException("Invalid compliance rule file " + where + ": " + problem);
		}
	}

}
