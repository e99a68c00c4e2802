package dev.stile.credential;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.authlete.sd.Disclosure;

/**
 * Walks the issuer-signed payload and the disclosures it references, before Authlete's
 * decoder resolves them: that decoder recurses without bound and reports every refusal as
 * the same exception type, so the walk bounds the depth of the resolved tree and names
 * the RFC 9901 §7.1 refusals we answer with {@code digest_mismatch}. Each digest is
 * followed at most once, so a hostile tree costs time linear in its size.
 */
final class DisclosureTree {

	private static final String SD = "_sd";

	private static final String ARRAY_ELEMENT = "...";

	private final Map<String, Disclosure> byDigest;

	private final Set<String> seen = new HashSet<>();

	private DisclosureTree(Map<String, Disclosure> byDigest) {
		this.byDigest = byDigest;
	}

	/**
	 * Checks that every disclosure is presented once and referenced exactly once, that no
	 * digest appears twice, and that the resolved payload is nested no deeper than
	 * {@link SdJwtVcVerifier#MAX_NESTING}.
	 * @param hashAlgorithm the payload's {@code _sd_alg}, already checked
	 */
	static void check(Map<String, Object> payload, List<Disclosure> disclosures, String hashAlgorithm) {
		Map<String, Disclosure> byDigest = new HashMap<>();
		Set<String> presented = new HashSet<>();
		for (Disclosure disclosure : disclosures) {
			if (!presented.add(disclosure.getDisclosure())) {
				throw mismatch("the same disclosure is presented twice");
			}
			byDigest.put(disclosure.digest(hashAlgorithm), disclosure);
		}
		DisclosureTree tree = new DisclosureTree(byDigest);
		tree.node(payload, 0);
		for (String digest : byDigest.keySet()) {
			if (!tree.seen.contains(digest)) {
				// RFC 9901 §7.1 step 5: a disclosure the issuer never signed a digest of.
				throw mismatch("a disclosure's digest (" + digest + ") is not among the issuer-signed digests");
			}
		}
	}

	private void node(Object value, int depth) {
		if (depth > SdJwtVcVerifier.MAX_NESTING) {
			throw CompactJws.malformed("the disclosed payload is nested deeper than " + SdJwtVcVerifier.MAX_NESTING);
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (SD.equals(entry.getKey())) {
					if (!(entry.getValue() instanceof List<?> digests)) {
						throw CompactJws.malformed("_sd is not an array");
					}
					for (Object digest : digests) {
						if (!(digest instanceof String text)) {
							throw CompactJws.malformed("_sd holds a non-string");
						}
						reference(text, depth);
					}
				}
				else {
					node(entry.getValue(), depth + 1);
				}
			}
		}
		else if (value instanceof List<?> list) {
			for (Object element : list) {
				if (element instanceof Map<?, ?> map && map.containsKey(ARRAY_ELEMENT)) {
					if (map.size() != 1 || !(map.get(ARRAY_ELEMENT) instanceof String digest)) {
						throw CompactJws.malformed("an array element digest is not {\"...\": digest}");
					}
					reference(digest, depth);
				}
				else {
					node(element, depth + 1);
				}
			}
		}
	}

	private void reference(String digest, int depth) {
		if (!this.seen.add(digest)) {
			// RFC 9901 §7.1 step 4, decoys included.
			throw mismatch("the digest " + digest + " appears more than once");
		}
		Disclosure disclosure = this.byDigest.get(digest);
		if (disclosure != null) {
			node(disclosure.getClaimValue(), depth + 1);
		}
	}

	private static CredentialException mismatch(String detail) {
		return new CredentialException(CredentialError.DIGEST_MISMATCH, detail);
	}

}
