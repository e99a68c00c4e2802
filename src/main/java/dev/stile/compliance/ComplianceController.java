package dev.stile.compliance;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.GeoJurisdiction;
import dev.stile.apikey.ApiKeyPrincipal;

/**
 * The Compliance API: what the law requires for a cart of use cases in a jurisdiction.
 * Secret and publishable keys may both ask.
 */
@Tag(name = "Compliance")
@RestController
class ComplianceController {

	static final int MAX_USE_CASES = 10;

	// Up to eleven digits: the years 0001 to 5138, well inside what a date can hold.
	private static final Pattern UNIX_SECONDS = Pattern.compile("-?[0-9]{1,11}");

	private static final int ISO_DATE_LENGTH = "2025-12-10".length();

	private final ComplianceRules rules;

	private final GeoJurisdiction geo;

	private final String testFallbackJurisdiction;

	private final String liveFallbackJurisdiction;

	// The same fallback jurisdictions as session create, so that both answer alike.
	ComplianceController(ComplianceRules rules, GeoJurisdiction geo,
			@Value("${stile.sessions.test-fallback-jurisdiction:US-CA}") String testFallbackJurisdiction,
			@Value("${stile.sessions.live-fallback-jurisdiction:}") String liveFallbackJurisdiction) {
		this.rules = rules;
		this.geo = geo;
		this.testFallbackJurisdiction = testFallbackJurisdiction;
		this.liveFallbackJurisdiction = liveFallbackJurisdiction;
	}

	@Operation(operationId = "checkCompliance",
			summary = "The age tier and methods the law requires for use cases in a jurisdiction")
	@GetMapping("/v1/compliance/check")
	ComplianceCheck check(@RequestParam(name = "use_cases", required = false) @Nullable String useCases,
			@RequestParam(name = "jurisdiction", required = false) @Nullable String jurisdiction,
			@Parameter(description = "Ask about another day: Unix seconds (1765324800) or an ISO date (2025-12-10) "
					+ "or date-time (2025-12-10T09:00:00Z); the rules in force on that day in UTC answer. Defaults to today.",
					schema = @Schema(type = "string")) @RequestParam(name = "at", required = false) @Nullable String at,
			@AuthenticationPrincipal ApiKeyPrincipal caller, HttpServletRequest request) {
		List<String> cart = useCases(useCases);
		LocalDate date = (at != null) ? day(at) : this.rules.today();
		ComplianceCheck.JurisdictionSource source = ComplianceCheck.JurisdictionSource.EXPLICIT;
		String code = jurisdiction;
		if (code != null) {
			if (!Jurisdiction.isValid(code)) {
				throw ApiException.invalid("jurisdiction", "Invalid jurisdiction '" + code
						+ "': expected an ISO 3166 country or subdivision code such as US or US-CA.");
			}
		}
		else {
			code = this.geo.of(request, caller.livemode()).filter(Jurisdiction::isValid).orElse(null);
			source = ComplianceCheck.JurisdictionSource.HEADER;
		}
		if (code == null) {
			String fallback = caller.livemode() ? this.liveFallbackJurisdiction : this.testFallbackJurisdiction;
			code = Jurisdiction.isValid(fallback) ? fallback : null;
			source = ComplianceCheck.JurisdictionSource.FALLBACK;
		}
		if (code == null) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"jurisdiction_unresolvable",
					"Could not determine the user's jurisdiction from the request. Pass jurisdiction explicitly.",
					"jurisdiction");
		}
		ComplianceDecision decision = this.rules.resolve(Jurisdiction.of(code), cart, date);
		return ComplianceCheck.of(decision, source, date);
	}

	// Unix seconds, an ISO date or an ISO date-time; the day it falls on in UTC.
	static LocalDate day(String value) {
		String text = value.trim();
		try {
			if (UNIX_SECONDS.matcher(text).matches()) {
				return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(text)), ZoneOffset.UTC);
			}
			if (text.length() == ISO_DATE_LENGTH) {
				return LocalDate.parse(text);
			}
			return OffsetDateTime.parse(text).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
		}
		catch (DateTimeException | ArithmeticException ex) {
			throw ApiException.invalid("at", "Invalid at '" + value
					+ "': expected Unix seconds (e.g. 1765324800) or an ISO date (e.g. 2025-12-10) or date-time (e.g. 2025-12-10T09:00:00Z).");
		}
	}

	private List<String> useCases(@Nullable String value) {
		if (value == null) {
			throw ApiException.missing("use_cases");
		}
		List<String> names = Arrays.stream(value.split(",", -1)).map(String::trim).toList();
		if (names.stream().anyMatch(String::isEmpty)) {
			throw ApiException.invalid("use_cases",
					"use_cases must be a comma-separated list of use cases, e.g. alcohol_delivery,tobacco_nicotine.");
		}
		if (names.size() > MAX_USE_CASES) {
			throw ApiException.invalid("use_cases",
					"At most " + MAX_USE_CASES + " use cases may be checked at once; got " + names.size() + ".");
		}
		List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
		for (String name : distinct) {
			if (!this.rules.isKnownUseCase(name)) {
				throw ApiException.invalid("use_cases", "Unknown use case '" + name + "'. Known use cases: "
						+ String.join(", ", this.rules.useCases().stream().sorted().toList()) + ".");
			}
		}
		return distinct;
	}

}
