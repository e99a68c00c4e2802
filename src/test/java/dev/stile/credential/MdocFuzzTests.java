package dev.stile.credential;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORDecoderOptions;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORPair;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Hostile input: random bytes, truncated and mutated presentations, a few thousand,
 * seeded. Only {@link CredentialException} may escape. Nothing whose signed or digested
 * bytes were touched may verify; a mutation of the unsigned envelope (the response's
 * {@code version}, a map key such as {@code nameSpaces}) may, but never with a claim the
 * original did not have.
 */
class MdocFuzzTests {

	private static final long seed = 20261204L;

	private final MdocFixture fixture = new MdocFixture();

	private final KeyPair reader = TestPki.ecKey();

	private final MdocVerifier verifier = new MdocVerifier();

	@Test
	void randomBytesAreRefused() {
		Random random = new Random(seed);
		for (int i = 0; i < 1000; i++) {
			byte[] bytes = new byte[random.nextInt(600)];
			random.nextBytes(bytes);
			if (bytes.length > 0 && random.nextBoolean()) {
				// Start like a map so that decoding gets further in.
				bytes[0] = (byte) (0xa0 | random.nextInt(4));
			}
			assertThat(attempt(bytes)).as("random input %d", i).isNull();
		}
	}

	@Test
	void truncatedPresentationsAreRefused() {
		Random random = new Random(seed + 1);
		byte[][] valid = { this.fixture.mdl().build(), maced() };
		for (int i = 0; i < 1000; i++) {
			byte[] original = valid[i % 2];
			assertThat(attempt(Arrays.copyOf(original, random.nextInt(original.length)))).as("truncation %d", i)
				.isNull();
		}
	}

	@Test
	void bitFlipsAndOverwritesForgeNothing() {
		Random random = new Random(seed + 2);
		byte[][] valid = { this.fixture.mdl().build(), maced() };
		int envelopeOnly = 0;
		for (int i = 0; i < 3000; i++) {
			byte[] original = valid[i % 2];
			byte[] mutated = original.clone();
			int changes = 1 + random.nextInt(3);
			for (int c = 0; c < changes; c++) {
				int at = random.nextInt(mutated.length);
				if (i % 3 == 0) {
					mutated[at] = (byte) random.nextInt(256);
				}
				else {
					mutated[at] ^= (byte) (1 << random.nextInt(8));
				}
			}
			if (Arrays.equals(mutated, original)) {
				continue;
			}
			List<VerifiedCredential> verified = attempt(mutated);
			if (verified != null) {
				assertOnlyEnvelopeChanged(original, mutated, verified);
				envelopeOnly++;
			}
		}
		// A handful at most: flips that land on the few unsigned envelope bytes.
		assertThat(envelopeOnly).isLessThan(30);
	}

	@Test
	void deletedAndDuplicatedRunsAreRefused() {
		Random random = new Random(seed + 3);
		byte[] valid = this.fixture.mdl().build();
		for (int i = 0; i < 1000; i++) {
			int at = random.nextInt(valid.length);
			int length = 1 + random.nextInt(Math.min(16, valid.length - at));
			byte[] mutated;
			if (i % 2 == 0) {
				mutated = new byte[valid.length - length];
				System.arraycopy(valid, 0, mutated, 0, at);
				System.arraycopy(valid, at + length, mutated, at, valid.length - at - length);
			}
			else {
				mutated = new byte[valid.length + length];
				System.arraycopy(valid, 0, mutated, 0, at + length);
				System.arraycopy(valid, at, mutated, at + length, valid.length - at);
			}
			assertThat(attempt(mutated)).as("splice %d", i).isNull();
		}
	}

	private byte[] maced() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.readerKey = this.reader.getPublic();
		return mdl.build();
	}

	/** The verified credentials, or {@code null} when refused; fails on anything else. */
	private List<VerifiedCredential> attempt(byte[] input) {
		try {
			return this.verifier.verify(input, MdocFixture.transcript, this.fixture.anchors(), MdocFixture.now, true,
					this.reader.getPrivate());
		}
		catch (CredentialException ex) {
			return null;
		}
		catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
			return fail("input " + HexFormat.of().formatHex(input) + " escaped as " + ex, ex);
		}
	}

	private void assertOnlyEnvelopeChanged(byte[] original, byte[] mutated, List<VerifiedCredential> verified) {
		BitSet signed = signedBytes(original);
		for (int i = 0; i < original.length; i++) {
			if (original[i] != mutated[i] && signed.get(i)) {
				fail("a change at signed byte " + i + " verified: " + HexFormat.of().formatHex(mutated));
			}
		}
		Map<String, Object> claims = attempt(original).get(0).claims();
		for (VerifiedCredential credential : verified) {
			credential.claims().forEach((name, value) -> assertThat(claims).containsKey(name));
			credential.claims().forEach((name, value) -> assertThat(value).as(name).isEqualTo(claims.get(name)));
		}
	}

	/**
	 * The offsets of bytes covered by a signature, MAC or digest, or that are signatures:
	 * the MSO, the protected headers, the signatures and MAC, the certificates, every
	 * IssuerSignedItemBytes, DeviceNameSpacesBytes and the docType.
	 */
	static BitSet signedBytes(byte[] response) {
		List<byte[]> blobs = new ArrayList<>();
		try {
			CBORPairList root = (CBORPairList) new CBORDecoder(response, new CBORDecoderOptions()).next();
			for (CBORItem document : ((CBORItemList) value(root, "documents")).getItems()) {
				CBORPairList doc = (CBORPairList) document;
				blobs.add(value(doc, "docType").encode());
				CBORPairList issuerSigned = (CBORPairList) value(doc, "issuerSigned");
				collectCose(value(issuerSigned, "issuerAuth"), blobs);
				for (CBORPair nameSpace : ((CBORPairList) value(issuerSigned, "nameSpaces")).getPairs()) {
					for (CBORItem item : ((CBORItemList) nameSpace.getValue()).getItems()) {
						blobs.add(item.encode());
					}
				}
				CBORPairList deviceSigned = (CBORPairList) value(doc, "deviceSigned");
				blobs.add(value(deviceSigned, "nameSpaces").encode());
				for (CBORPair auth : ((CBORPairList) value(deviceSigned, "deviceAuth")).getPairs()) {
					collectCose(auth.getValue(), blobs);
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		BitSet signed = new BitSet(response.length);
		for (byte[] blob : blobs) {
			for (int at = indexOf(response, blob, 0); at >= 0; at = indexOf(response, blob, at + 1)) {
				signed.set(at, at + blob.length);
			}
		}
		return signed;
	}

	private static void collectCose(CBORItem cose, List<byte[]> blobs) {
		for (CBORItem element : ((CBORItemList) cose).getItems()) {
			if (element instanceof CBORByteArray bytes && bytes.getValue().length > 0) {
				blobs.add(bytes.getValue());
			}
			else if (element instanceof CBORPairList header) {
				header.getPairs().forEach((pair) -> collectCose(new CBORItemList(pair.getValue()), blobs));
			}
			else if (element instanceof CBORItemList list) {
				collectCose(list, blobs);
			}
		}
	}

	private static CBORItem value(CBORPairList map, String key) {
		for (CBORPair pair : map.getPairs()) {
			if (pair.getKey() instanceof CBORString text && text.getValue().equals(key)) {
				return pair.getValue();
			}
		}
		throw new IllegalStateException("no " + key);
	}

	private static int indexOf(byte[] haystack, byte[] needle, int from) {
		outer: for (int i = from; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
