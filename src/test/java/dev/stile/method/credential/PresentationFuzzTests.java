package dev.stile.method.credential;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.stile.credential.TestPki;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile presentations through the attempt API, from a fixed seed: random bytes, CBOR
 * with absurd lengths and nesting, and real SD-JWT presentations truncated, bit-flipped
 * and with segments mutated, with the issuers' roots loaded so that they reach as deep
 * into the verifiers as they can. None may get a 5xx, and none may verify anyone.
 */
@IntegrationTest
class PresentationFuzzTests {

	private static final Logger logger = LoggerFactory.getLogger(PresentationFuzzTests.class);

	/** Change it to explore; keep it fixed in the repository so that failures replay. */
	static final long SEED = 20261204L;

	static final int PRESENTATIONS = Integer.getInteger("stile.fuzz.presentations", 150);

	private static final String[] METHODS = { "mdl", "mid", "eudi_pid" };

	// {"version": "1.0", "documents": [], "status": 0}
	private static final byte[] DEVICE_RESPONSE = { (byte) 0xa3, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x63, '1',
			'.', '0', 0x69, 'd', 'o', 'c', 'u', 'm', 'e', 'n', 't', 's', (byte) 0x80, 0x66, 's', 't', 'a', 't', 'u',
			's', 0x00 };

	@Autowired
	private Api api;

	@Autowired
	private Environment environment;

	private final Random random = new Random(SEED);

	@AfterEach
	void clearAnchors() throws Exception {
		new AnchorDirectories(this.api, this.environment).clear();
	}

	@Test
	void noPresentationGetsA5xxOrVerifiesAnyone() throws Exception {
		Instant now = Instant.now();
		TestPresentations presentations = new TestPresentations(now);
		AnchorDirectories directories = new AnchorDirectories(this.api, this.environment);
		directories.trust(directories.pid(), "pid-root.pem", presentations.root());
		directories.trust(directories.mdl(), "iaca.pem", TestPki.root("Test IACA", now));
		String key = TestOrganization.create(this.api).testSecretKeyAllowing(100_000);
		String valid = presentations
			.pid(Map.of("given_name", "Erika", "family_name", "Mustermann", "birthdate", "1984-01-26"), now);
		List<Supplier<String>> generators = List.of(this::randomBase64url, this::randomText, () -> this.cborBomb(),
				() -> base64url(mutate(DEVICE_RESPONSE)), () -> truncate(valid), () -> flipBit(valid),
				() -> mutateSegment(valid), () -> dropKeyBinding(valid));
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> problems = new ArrayList<>();

		for (int i = 0; i < PRESENTATIONS; i++) {
			String method = METHODS[i % METHODS.length];
			String presentation = generators.get(this.random.nextInt(generators.size())).get();
			Response response = attempt(key, method, presentation, now);
			statuses.merge(response.status(), 1, Integer::sum);
			if (response.status() >= 500) {
				problems.add(method + " " + abbreviate(presentation) + " -> " + response.status());
			}
			else if (response.status() == 200) {
				JsonNode result = response.json().get("result");
				if ("verified".equals(result.get("status").asString())) {
					problems.add(method + " " + abbreviate(presentation) + " verified");
				}
				if (!result.get("error_code").isString()) {
					problems.add(method + " " + abbreviate(presentation) + " failed without an error_code");
				}
			}
		}

		logger.info("Presentation fuzz: {} attempts, statuses {}", PRESENTATIONS, statuses);
		assertThat(problems).isEmpty();
		assertThat(statuses).containsOnlyKeys(200);
	}

	private Response attempt(String key, String method, String presentation, Instant now) {
		String jurisdiction = "eudi_pid".equals(method) ? "DE" : "US-CO";
		Response created = this.api.post(key, "/v1/verification_sessions",
				Map.of("type", "age", "jurisdiction", jurisdiction, "methods", List.of(method)));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("method", method);
		body.put("presentation", presentation);
		body.put("test_handover", TestPresentations.handover(now));
		return this.api.call("POST", "/v1/client/session/attempts")
			.key(created.json().get("client_secret").asString())
			.json(body)
			.send();
	}

	private String randomBase64url() {
		byte[] bytes = new byte[this.random.nextInt(4096)];
		this.random.nextBytes(bytes);
		return base64url(bytes);
	}

	private String randomText() {
		StringBuilder text = new StringBuilder();
		int length = 1 + this.random.nextInt(2000);
		for (int i = 0; i < length; i++) {
			int pick = this.random.nextInt(20);
			text.append((pick == 0) ? '~' : (pick == 1) ? '.' : (char) (0x20 + this.random.nextInt(0x5f)));
		}
		return text.toString();
	}

	/** CBOR that declares more than it holds, or nests without end. */
	private String cborBomb() {
		byte[] bytes = switch (this.random.nextInt(4)) {
			// An array nested 100,000 deep.
			case 0 -> repeat((byte) 0x81, 100_000);
			// A byte string declaring 2^64-1 bytes.
			case 1 -> new byte[] { 0x5b, -1, -1, -1, -1, -1, -1, -1, -1 };
			// A map declaring 2^32-1 entries.
			case 2 -> new byte[] { (byte) 0xba, -1, -1, -1, -1, 0x00 };
			// Indefinite-length arrays never closed.
			default -> repeat((byte) 0x9f, 50_000);
		};
		return base64url(bytes);
	}

	private byte[] mutate(byte[] original) {
		byte[] bytes = original.clone();
		int flips = 1 + this.random.nextInt(4);
		for (int i = 0; i < flips; i++) {
			bytes[this.random.nextInt(bytes.length)] ^= (byte) (1 << this.random.nextInt(8));
		}
		return bytes;
	}

	private String truncate(String presentation) {
		return presentation.substring(0, this.random.nextInt(presentation.length()));
	}

	private String flipBit(String presentation) {
		char[] chars = presentation.toCharArray();
		int at = this.random.nextInt(chars.length);
		chars[at] = (char) (chars[at] ^ (1 << this.random.nextInt(6)));
		return new String(chars);
	}

	/** One segment of the issuer JWT, a disclosure or the key binding JWT replaced. */
	private String mutateSegment(String presentation) {
		String[] parts = presentation.split("~", -1);
		int part = this.random.nextInt(parts.length);
		String[] segments = parts[part].split("\\.", -1);
		int segment = this.random.nextInt(segments.length);
		segments[segment] = switch (this.random.nextInt(4)) {
			case 0 -> "";
			case 1 -> base64url("{}".getBytes(StandardCharsets.UTF_8));
			case 2 -> base64url("{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}".getBytes(StandardCharsets.UTF_8));
			default -> randomBase64url();
		};
		parts[part] = String.join(".", segments);
		return String.join("~", parts);
	}

	private String dropKeyBinding(String presentation) {
		return presentation.substring(0, presentation.lastIndexOf('~') + 1);
	}

	private static byte[] repeat(byte value, int count) {
		byte[] bytes = new byte[count];
		java.util.Arrays.fill(bytes, value);
		return bytes;
	}

	private static String base64url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String abbreviate(String text) {
		return (text.length() > 60) ? text.substring(0, 60) + "..." : text;
	}

}
