package dev.stile.oid4vp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stile.method.AttemptContext;
import dev.stile.method.VerificationMethod;

/**
 * The DCQL query (OpenID4VP 1.0 §6) of a request: only what the session needs. An age
 * session asks for the tier's {@code age_over_NN} (mdoc) or {@code age_equal_or_over}
 * {@code NN} (SD-JWT PID) and where the credential was issued; an identity session for
 * the names, birth date, document number and issuing country.
 */
final class DcqlQueries {

	static final String MDL_DOCTYPE = "org.iso.18013.5.1.mDL";

	static final String MDL_NAMESPACE = "org.iso.18013.5.1";

	static final String PHOTO_ID_DOCTYPE = "org.iso.23220.photoid.1";

	static final String PHOTO_ID_NAMESPACE = "org.iso.23220.1";

	static final String PID_DOCTYPE = "eu.europa.ec.eudi.pid.1";

	static final String PID_VCT = "urn:eudi:pid:1";

	private DcqlQueries() {
	}

	/** The query for one attempt of {@code method} by a session of this purpose. */
	static Map<String, Object> of(VerificationMethod method, AttemptContext.Purpose purpose, int requiredAge) {
		boolean age = purpose == AttemptContext.Purpose.AGE;
		return switch (method) {
			case MDL ->
				query(List.of(
						mdoc("mdl", MDL_DOCTYPE, MDL_NAMESPACE,
								age ? List.of("age_over_" + requiredAge, "issuing_jurisdiction", "issuing_country")
										: List.of("given_name", "family_name", "birth_date", "document_number",
												"issuing_country", "issuing_jurisdiction", "issuing_authority"))),
						null);
			case MID -> query(List.of(mdoc("photo_id", PHOTO_ID_DOCTYPE, PHOTO_ID_NAMESPACE,
					age ? List.of("age_over_" + requiredAge, "issuing_country", "issuing_subdivision")
							: List.of("given_name", "family_name", "birth_date", "document_number", "issuing_country",
									"issuing_subdivision", "issuing_authority"))),
					null);
			case EUDI_PID -> {
				List<List<String>> sdJwtClaims = age
						? List.of(List.of("age_equal_or_over", String.valueOf(requiredAge)), List.of("issuing_country"))
						: List.of(List.of("given_name"), List.of("family_name"), List.of("birthdate"),
								List.of("document_number"), List.of("issuing_country"), List.of("issuing_authority"));
				List<String> mdocClaims = age ? List.of("age_over_" + requiredAge, "issuing_country")
						: List.of("given_name", "family_name", "birth_date", "document_number", "issuing_country",
								"issuing_authority");
				// Either format of the PID answers; the wallet picks the one it holds.
				yield query(
						List.of(sdJwt("pid", PID_VCT, sdJwtClaims),
								mdoc("pid_mdoc", PID_DOCTYPE, PID_DOCTYPE, mdocClaims)),
						List.of(Map.of("options", List.of(List.of("pid"), List.of("pid_mdoc")))));
			}
			default -> throw new IllegalArgumentException(method.apiName() + " is not a wallet method");
		};
	}

	/** Whether a wallet request can be made for this method. */
	static boolean serves(VerificationMethod method) {
		return method == VerificationMethod.MDL || method == VerificationMethod.MID
				|| method == VerificationMethod.EUDI_PID;
	}

	private static Map<String, Object> query(List<Map<String, Object>> credentials,
			List<Map<String, Object>> credentialSets) {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("credentials", credentials);
		if (credentialSets != null) {
			query.put("credential_sets", credentialSets);
		}
		return query;
	}

	private static Map<String, Object> mdoc(String id, String doctype, String namespace, List<String> elements) {
		List<Map<String, Object>> claims = new ArrayList<>();
		for (String element : elements) {
			Map<String, Object> claim = new LinkedHashMap<>();
			claim.put("path", List.of(namespace, element));
			claim.put("intent_to_retain", false);
			claims.add(claim);
		}
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", id);
		credential.put("format", "mso_mdoc");
		credential.put("meta", Map.of("doctype_value", doctype));
		credential.put("claims", claims);
		return credential;
	}

	private static Map<String, Object> sdJwt(String id, String vct, List<List<String>> paths) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", id);
		credential.put("format", "dc+sd-jwt");
		credential.put("meta", Map.of("vct_values", List.of(vct)));
		credential.put("claims", paths.stream().map((path) -> Map.of("path", (Object) path)).toList());
		return credential;
	}

}
