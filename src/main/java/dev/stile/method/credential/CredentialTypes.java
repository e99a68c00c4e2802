package dev.stile.method.credential;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.stile.credential.VerifiedCredential;
import dev.stile.method.VerificationMethod;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.core.io.ClassPathResource;

/**
 * Which credential serves which method, and which trust anchors its issuer must chain to:
 * the data file {@code credential/credential-types.yaml}, read and checked once at start.
 */
final class CredentialTypes {

	static final String LOCATION = "credential/credential-types.yaml";

	private static final YAMLMapper MAPPER = YAMLMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private final List<CredentialType> types;

	CredentialTypes(List<CredentialType> types) {
		this.types = List.copyOf(types);
		Set<String> seen = new HashSet<>();
		for (CredentialType type : this.types) {
			if (!seen.add(type.format() + " " + type.type())) {
				throw new IllegalStateException(LOCATION + ": " + type.type() + " is listed twice");
			}
		}
	}

	/**
	 * Reads the classpath's file.
	 * @throws IllegalStateException naming the problem when the file is missing or
	 * malformed
	 */
	static CredentialTypes load() {
		try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
			return new CredentialTypes(MAPPER.readValue(in, File.class).credentialTypes());
		}
		catch (IOException | JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw new IllegalStateException("Cannot read " + LOCATION + ": " + ex.getMessage(), ex);
		}
	}

	/** The entry for a credential of this format and type, if it is known at all. */
	Optional<CredentialType> find(VerifiedCredential.Format format, String type) {
		return this.types.stream()
			.filter((candidate) -> candidate.format() == format && candidate.type().equals(type))
			.findFirst();
	}

	/** Every known type. */
	List<CredentialType> all() {
		return this.types;
	}

	private record File(@Nullable List<Entry> types) {

		List<CredentialType> credentialTypes() {
			if (this.types == null || this.types.isEmpty()) {
				throw new IllegalArgumentException("no types");
			}
			return this.types.stream().map(Entry::toType).toList();
		}

	}

	private record Entry(@Nullable String type, @Nullable String format, @Nullable List<String> methods,
			@Nullable String anchors, @Nullable Boolean identity, @Nullable String issuerRules,
			@Nullable Claims claims) {

		CredentialType toType() {
			String name = required(this.type, "type");
			try {
				return new CredentialType(name, format(this.format), methods(this.methods),
						AnchorKind.valueOf(required(this.anchors, "anchors").toUpperCase(Locale.ROOT)),
						Boolean.TRUE.equals(this.identity), this.issuerRules,
						(this.claims != null) ? this.claims : Claims.NONE);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(name + ": " + ex.getMessage(), ex);
			}
		}

		private static VerifiedCredential.Format format(String format) {
			return switch (required(format, "format")) {
				case "mdoc" -> VerifiedCredential.Format.MDOC;
				case "sd_jwt_vc" -> VerifiedCredential.Format.SD_JWT_VC;
				default -> throw new IllegalArgumentException("format must be mdoc or sd_jwt_vc, not " + format);
			};
		}

		private static Set<VerificationMethod> methods(List<String> names) {
			if (names == null || names.isEmpty()) {
				throw new IllegalArgumentException("methods is required");
			}
			return Set.copyOf(names.stream()
				.map((name) -> VerificationMethod.fromApiName(name)
					.orElseThrow(() -> new IllegalArgumentException("unknown method " + name)))
				.toList());
		}

		private static String required(@Nullable String value, String name) {
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException(name + " is required");
			}
			return value;
		}

	}

	/**
	 * Which roots an issuer must chain to.
	 */
	enum AnchorKind {

		/** IACA roots of licensing authorities: {@code STILE_MDL_TRUST_ANCHORS}. */
		MDL,

		/** Roots of PID and attestation providers: {@code STILE_PID_TRUST_ANCHORS}. */
		PID;

		String apiName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * One kind of credential.
	 *
	 * @param type the mdoc {@code docType} or SD-JWT VC {@code vct}
	 * @param format how it is encoded
	 * @param methods the methods it serves
	 * @param anchors the roots its issuer must chain to
	 * @param identity whether it proves who the holder is, not only an age
	 * @param issuerRules {@code mdl} when the compliance rules' accepted issuers apply
	 * @param claims where each fact is read
	 */
	record CredentialType(String type, VerifiedCredential.Format format, Set<VerificationMethod> methods,
			AnchorKind anchors, boolean identity, @Nullable String issuerRules, Claims claims) {

		CredentialType {
			if (issuerRules != null && !"mdl".equals(issuerRules)) {
				throw new IllegalArgumentException(type + ": issuer_rules must be mdl");
			}
			methods = Set.copyOf(methods);
		}

		boolean serves(VerificationMethod method) {
			return this.methods.contains(method);
		}

		boolean appliesMdlIssuerRules() {
			return "mdl".equals(this.issuerRules);
		}

	}

	/**
	 * The claim names each fact is read from, first found wins.
	 */
	record Claims(List<String> ageOver, List<String> birthDate, List<String> givenName, List<String> familyName,
			List<String> issuingJurisdiction, List<String> issuingAuthority, List<String> documentNumber) {

		static final Claims NONE = new Claims(null, null, null, null, null, null, null);

		Claims {
			ageOver = copy(ageOver);
			birthDate = copy(birthDate);
			givenName = copy(givenName);
			familyName = copy(familyName);
			issuingJurisdiction = copy(issuingJurisdiction);
			issuingAuthority = copy(issuingAuthority);
			documentNumber = copy(documentNumber);
		}

		private static List<String> copy(@Nullable List<String> names) {
			return (names != null) ? List.copyOf(names) : List.of();
		}

	}

}
