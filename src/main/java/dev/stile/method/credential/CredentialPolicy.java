package dev.stile.method.credential;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stile.compliance.Jurisdiction;
import dev.stile.credential.CredentialError;
import dev.stile.credential.VerifiedCredential;
import dev.stile.method.AttemptContext;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.credential.CredentialTypes.Claims;
import dev.stile.method.credential.CredentialTypes.CredentialType;
import org.jspecify.annotations.Nullable;

/**
 * What a verified credential proves for a session, once its cryptography held: an age for
 * the session's tier, who the holder is, whether the law of the user's jurisdiction
 * accepts its issuer, and a keyed fingerprint of the document. Keeps nothing of the
 * claims but an age and flags.
 */
final class CredentialPolicy {

	/** The provider name on every result of a credential method. */
	static final String PROVIDER_NAME = "stile";

	/**
	 * The code of a credential whose issuer the user's jurisdiction does not accept (a
	 * policy refusal, not one of the verifier's).
	 */
	static final String ISSUER_NOT_ACCEPTED = "issuer_not_accepted";

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

	private final UnaryOperator<String> fingerprint;

	/**
	 * @param fingerprint the keyed hash of {@code issuing authority + ":" + document
	 * number}
	 */
	CredentialPolicy(UnaryOperator<String> fingerprint) {
		this.fingerprint = fingerprint;
	}

	/**
	 * Judges a credential of a type serving the method.
	 * @param acceptedIssuers the issuing jurisdictions the user's jurisdiction accepts
	 * for mobile driving licences, empty when any
	 */
	AttemptOutcome judge(VerifiedCredential credential, CredentialType type, AttemptContext context,
			Optional<Set<String>> acceptedIssuers) {
		String claimed = text(credential.claims(), type.claims().issuingJurisdiction());
		String issuing = Jurisdiction.isValid(claimed) ? claimed : null;
		// Where the credential was issued is about its issuer, not its holder: kept on
		// the
		// result, success or not.
		return judge(credential, type, context, acceptedIssuers, issuing).withIssuingJurisdiction(issuing);
	}

	private AttemptOutcome judge(VerifiedCredential credential, CredentialType type, AttemptContext context,
			Optional<Set<String>> acceptedIssuers, @Nullable String issuing) {
		Map<String, Object> claims = credential.claims();
		Claims names = type.claims();
		if (type.appliesMdlIssuerRules() && acceptedIssuers.isPresent()) {
			if (issuing == null || (!issuing.contains("-")
					&& acceptedIssuers.get().stream().anyMatch((code) -> code.startsWith(issuing + "-")))) {
				return failed(CredentialError.CLAIM_MISSING);
			}
			if (!acceptedIssuers.get().contains(issuing)) {
				return AttemptOutcome.failed(PROVIDER_NAME, ISSUER_NOT_ACCEPTED,
						"The law where the user is does not accept credentials issued by " + issuing + " here.");
			}
		}
		LocalDate birthDate = date(claims, names.birthDate());
		String given = text(claims, names.givenName());
		String family = text(claims, names.familyName());
		boolean identified = type.identity() && given != null && family != null && birthDate != null;
		Integer age = null;
		if (context.purpose() == AttemptContext.Purpose.IDENTITY) {
			if (!type.identity()) {
				return failed(CredentialError.DOCTYPE_UNSUPPORTED);
			}
			if (!identified) {
				return failed(CredentialError.CLAIM_MISSING);
			}
			age = age(birthDate, context.today());
		}
		else {
			AgeOver over = ageOver(claims, names.ageOver(), context.requiredAge());
			if (over == AgeOver.BELOW) {
				return failed(CredentialError.AGE_BELOW_TIER);
			}
			if (over != null) {
				age = over.atLeast;
			}
			else if (birthDate != null) {
				age = age(birthDate, context.today());
				if (age == null) {
					return failed(CredentialError.CLAIM_MISSING);
				}
				if (age < context.requiredAge()) {
					return failed(CredentialError.AGE_BELOW_TIER);
				}
			}
			else {
				return failed(CredentialError.CLAIM_MISSING);
			}
		}
		String authority = text(claims, names.issuingAuthority());
		String number = text(claims, names.documentNumber());
		String documentFingerprint = (authority != null && number != null)
				? this.fingerprint.apply(authority + ":" + number) : null;
		return new AttemptOutcome(AttemptOutcome.Kind.SUCCEEDED, 1.0, age, false, identified, PROVIDER_NAME, null, null,
				documentFingerprint);
	}

	/** A refusal for one of the verifier's reasons, with its message. */
	static AttemptOutcome failed(CredentialError error) {
		return AttemptOutcome.failed(PROVIDER_NAME, error.code(), error.message());
	}

	/**
	 * What {@code age_over_NN} claims say about the required age: the highest NN at or
	 * above it that is true (the holder is at least that old), or {@link #BELOW} when one
	 * at or below it is false; {@code null} when none bears on it.
	 */
	private static @Nullable AgeOver ageOver(Map<String, Object> claims, List<String> patterns, int required) {
		Integer provenAtLeast = null;
		for (String pattern : patterns) {
			int dot = pattern.indexOf('.');
			Map<?, ?> scope = claims;
			String leaf = pattern;
			if (dot >= 0) {
				if (!(claims.get(pattern.substring(0, dot)) instanceof Map<?, ?> nested)) {
					continue;
				}
				scope = nested;
				leaf = pattern.substring(dot + 1);
			}
			int hole = leaf.indexOf("{age}");
			String prefix = leaf.substring(0, hole);
			String suffix = leaf.substring(hole + "{age}".length());
			for (Map.Entry<?, ?> entry : scope.entrySet()) {
				if (!(entry.getKey() instanceof String key) || !key.startsWith(prefix) || !key.endsWith(suffix)
						|| key.length() <= prefix.length() + suffix.length()) {
					continue;
				}
				Matcher digits = DIGITS.matcher(key.substring(prefix.length(), key.length() - suffix.length()));
				if (!digits.matches() || !(entry.getValue() instanceof Boolean value)) {
					continue;
				}
				int nn = Integer.parseInt(digits.group());
				if (!value && nn <= required) {
					return AgeOver.BELOW;
				}
				if (value && nn >= required && (provenAtLeast == null || nn > provenAtLeast)) {
					provenAtLeast = nn;
				}
			}
		}
		return (provenAtLeast != null) ? new AgeOver(provenAtLeast) : null;
	}

	private record AgeOver(int atLeast) {

		static final AgeOver BELOW = new AgeOver(-1);

	}

	private static @Nullable Integer age(@Nullable LocalDate birthDate, LocalDate today) {
		if (birthDate == null || birthDate.isAfter(today)) {
			return null;
		}
		return Period.between(birthDate, today).getYears();
	}

	private static @Nullable String text(Map<String, Object> claims, List<String> names) {
		for (String name : names) {
			if (claims.get(name) instanceof String value && !value.isBlank()) {
				return value.trim();
			}
		}
		return null;
	}

	private static @Nullable LocalDate date(Map<String, Object> claims, List<String> names) {
		for (String name : names) {
			Object value = claims.get(name);
			if (value instanceof LocalDate date) {
				return date;
			}
			if (value instanceof String text) {
				try {
					return LocalDate.parse(text);
				}
				catch (DateTimeParseException ex) {
					// Not a full date: try the next name.
				}
			}
		}
		return null;
	}

}
