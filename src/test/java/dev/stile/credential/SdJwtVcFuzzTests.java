package dev.stile.credential;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static dev.stile.credential.TestSdJwtVc.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Hostile input, seeded so a failure can be replayed: random strings, every truncation of
 * a valid presentation, and thousands of mutations of each of its JWT segments and
 * disclosures. Only {@link CredentialException} may escape, and nothing mutated may
 * verify.
 */
class SdJwtVcFuzzTests {

	private static final long SEED = 20261130L;

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final String ALPHABET = BASE64URL + ".~";

	private final SdJwtVcVerifier verifier = new SdJwtVcVerifier();

	private final TrustAnchors anchors = TestSdJwtVc.anchors();

	private final String valid = TestSdJwtVc.pid().issue().present().serialize();

	private final Map<CredentialError, Integer> refusals = new EnumMap<>(CredentialError.class);

	@Test
	void theUnmutatedPresentationVerifies() {
		assertThat(verify(this.valid)).isNotNull();
	}

	@Test
	void randomStringsAreRefused() {
		Random random = new Random(SEED);
		for (int i = 0; i < 1500; i++) {
			int length = random.nextInt(600);
			StringBuilder text = new StringBuilder(length);
			for (int j = 0; j < length; j++) {
				text.append(switch (random.nextInt(4)) {
					case 0 -> (char) random.nextInt(0x250);
					default -> ALPHABET.charAt(random.nextInt(ALPHABET.length()));
				});
			}
			assertRefused(text.toString(), "random string " + i);
		}
		assertThat(this.refusals).containsOnlyKeys(CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void everyTruncationIsRefused() {
		for (int length = 0; length < this.valid.length(); length++) {
			assertRefused(this.valid.substring(0, length), "truncated to " + length);
		}
		// Cut just after a '~' the rest is a valid SD-JWT without its key binding.
		assertThat(this.refusals).containsKeys(CredentialError.PRESENTATION_MALFORMED,
				CredentialError.KEY_BINDING_MISSING);
	}

	@Test
	void mutatedCharactersNeverVerify() {
		Random random = new Random(SEED);
		List<int[]> segments = segments(this.valid);
		for (int i = 0; i < 2000; i++) {
			char[] mutated = this.valid.toCharArray();
			int flips = 1 + random.nextInt(3);
			for (int f = 0; f < flips; f++) {
				int[] segment = segments.get(random.nextInt(segments.size()));
				int at = segment[0] + random.nextInt(segment[1] - segment[0]);
				char replacement;
				do {
					replacement = (random.nextInt(20) == 0) ? (char) random.nextInt(0x80)
							: ALPHABET.charAt(random.nextInt(ALPHABET.length()));
				}
				while (replacement == mutated[at]);
				mutated[at] = replacement;
			}
			assertRefused(new String(mutated), "mutation " + i);
		}
		assertThat(this.refusals).containsKeys(CredentialError.PRESENTATION_MALFORMED,
				CredentialError.ISSUER_SIGNATURE_INVALID, CredentialError.DIGEST_MISMATCH,
				CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void flippedBitsInDecodedSegmentsNeverVerify() {
		// Re-encoded canonically, so the damage reaches the JSON parsers, the signature
		// checks and the digests rather than stopping at base64url.
		Random random = new Random(SEED + 1);
		List<int[]> segments = segments(this.valid);
		for (int i = 0; i < 1500; i++) {
			int[] segment = segments.get(random.nextInt(segments.size()));
			byte[] bytes = Base64.getUrlDecoder().decode(this.valid.substring(segment[0], segment[1]));
			if (bytes.length == 0) {
				continue;
			}
			int position = random.nextInt(bytes.length);
			bytes[position] ^= (byte) (1 << random.nextInt(8));
			String mutated = this.valid.substring(0, segment[0])
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + this.valid.substring(segment[1]);
			assertRefused(mutated, "bit flip " + i + " at byte " + position);
		}
		assertThat(this.refusals).containsKeys(CredentialError.PRESENTATION_MALFORMED,
				CredentialError.ISSUER_SIGNATURE_INVALID, CredentialError.DIGEST_MISMATCH,
				CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void droppedAndRepeatedSegmentsNeverVerify() {
		String[] pieces = this.valid.split("~", -1);
		for (int i = 1; i < pieces.length; i++) {
			List<String> dropped = new ArrayList<>(List.of(pieces));
			dropped.remove(i);
			assertRefused(String.join("~", dropped), "without piece " + i);
			List<String> repeated = new ArrayList<>(List.of(pieces));
			repeated.add(i, pieces[i]);
			assertRefused(String.join("~", repeated), "piece " + i + " twice");
		}
	}

	private VerifiedCredential verify(String presentation) {
		return this.verifier.verify(presentation, TestSdJwtVc.handover(), this.anchors, AT, true);
	}

	private void assertRefused(String presentation, String what) {
		try {
			verify(presentation);
		}
		catch (CredentialException ex) {
			this.refusals.merge(ex.error(), 1, Integer::sum);
			return;
		}
		fail(what + " verified: " + presentation);
	}

	/** Where each base64url segment (JWT part or disclosure) starts and ends. */
	private static List<int[]> segments(String presentation) {
		List<int[]> segments = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= presentation.length(); i++) {
			if (i == presentation.length() || presentation.charAt(i) == '.' || presentation.charAt(i) == '~') {
				if (i > start) {
					segments.add(new int[] { start, i });
				}
				start = i + 1;
			}
		}
		return segments;
	}

}
