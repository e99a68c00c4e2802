package dev.stile.widget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stile.method.LicenceImages;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import jakarta.servlet.MultipartConfigElement;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Document photos cannot starve the reading of everyone else's: every photo read uses up
 * an attempt of its session, uploads are limited per session and per client address, and
 * a photo whose decoding would need too much memory is refused from its header alone.
 */
@IntegrationTest
class DocumentUploadLimitsTests {

	private static final String ATTEMPTS = "/v1/client/session/attempts";

	// Each test uploads from an address of its own (the test client is a trusted proxy
	// and names it in X-Forwarded-For), so that the tests' per-address buckets never
	// meet.
	private static final AtomicInteger ADDRESSES = new AtomicInteger(ThreadLocalRandom.current().nextInt(200));

	private final String address = "198.51.100." + (1 + ADDRESSES.incrementAndGet() % 254);

	@Autowired
	Api api;

	@Autowired
	MultipartConfigElement multipart;

	private JsonNode documentSession() {
		return this.api.createSession(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "US-CA",
				"methods", List.of("document_capture")));
	}

	private Response upload(String secret, byte[] photo, String type) {
		return this.api.call("POST", ATTEMPTS)
			.key(secret)
			.header("X-Forwarded-For", this.address)
			.multipart(Map.of("method", "document_capture"), "image", photo, type)
			.send();
	}

	private JsonNode retrieve(String id) {
		return this.api.get(TEST_SECRET_KEY, "/v1/verification_sessions/" + id + "?expand[]=results").json();
	}

	@Test
	void unreadableUploadsUseUpTheSessionsAttemptsUntilItFails() {
		JsonNode session = documentSession();
		String secret = session.get("client_secret").asString();
		byte[] notAnImage = "GIF89a, or anything else that is not a photo".getBytes();

		List<JsonNode> answers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Response response = upload(secret, notAnImage, "image/png");
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			answers.add(response.json());
		}
		Response fourth = upload(secret, notAnImage, "image/png");

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.get("result").get("status").asString()).isEqualTo("requires_input");
			assertThat(answer.get("result").get("error_code").asString()).isEqualTo("image_unreadable");
		});
		assertThat(answers.get(1).get("session").get("status").asString()).isEqualTo("requires_input");
		assertThat(answers.get(2).get("session").get("status").asString()).isEqualTo("failed");
		assertThat(fourth.status()).isEqualTo(409);
		assertThat(fourth.error().get("code").asString()).isEqualTo("session_not_open");
		JsonNode stored = retrieve(session.get("id").asString());
		assertThat(stored.get("status").asString()).isEqualTo("failed");
		assertThat(stored.get("results")).hasSize(3);
	}

	@Test
	void aPhotoOfTenMegabytesIsReadAndOneByteMoreIsRefusedWithoutUsingAnAttempt() {
		JsonNode session = documentSession();
		String secret = session.get("client_secret").asString();
		int tenMegabytes = 10 * 1024 * 1024;

		Response tooLarge = upload(secret, pngOf(tenMegabytes + 1), "image/png");
		Response largest = upload(secret, pngOf(tenMegabytes), "image/png");

		assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(400);
		assertThat(tooLarge.error().get("code").asString()).isEqualTo("body_too_large");
		// The README: "image (PNG/JPEG, <= 10 MB)". Read, and not a barcode.
		assertThat(largest.status()).as(largest.body()).isEqualTo(200);
		assertThat(largest.json().get("result").get("error_code").asString()).isEqualTo("image_unreadable");
		assertThat(retrieve(session.get("id").asString()).get("results")).hasSize(1);
	}

	/** A PNG signature followed by zeros: {@code size} bytes that no decoder can read. */
	private static byte[] pngOf(int size) {
		byte[] png = new byte[size];
		byte[] signature = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
		System.arraycopy(signature, 0, png, 0, signature.length);
		return png;
	}

	@Test
	void aProgressiveJpegTooLargeToDecodeIsRefusedFromItsHeaderAndUsesUpAnAttempt() {
		JsonNode session = documentSession();
		// 6300 × 6300 progressive: a few hundred kilobytes that would take a decoder
		// about
		// 80 MB of coefficients (in colour over 120 MB) and seconds of CPU.
		byte[] bomb = LicenceImages.jpeg(6300, 6300, true);
		assertThat(bomb.length).isLessThan(1024 * 1024);

		Response response = upload(session.get("client_secret").asString(), bomb, "image/jpeg");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode result = response.json().get("result");
		assertThat(result.get("status").asString()).isEqualTo("requires_input");
		assertThat(result.get("error_code").asString()).isEqualTo("image_too_large");
		assertThat(result.get("error_message").asString()).contains("progressive");
		assertThat(retrieve(session.get("id").asString()).get("results")).hasSize(1);
	}

	@Test
	void aPhotoUpToTheLargestAcceptedIsHeldInMemoryNeverInATemporaryFile() {
		assertThat(this.multipart.getFileSizeThreshold()).isGreaterThan((int) this.multipart.getMaxFileSize());
	}

	@Test
	void uploadsToOneSessionAreLimitedPerMinute() {
		String secret = documentSession().get("client_secret").asString();
		byte[] pdf = { '%', 'P', 'D', 'F' };

		List<Response> responses = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			responses.add(upload(secret, pdf, "application/pdf"));
		}

		assertThat(responses.subList(0, 6)).allSatisfy((response) -> assertThat(response.status()).isEqualTo(400));
		Response limited = responses.get(6);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.error().get("type").asString()).isEqualTo("rate_limit_error");
		assertThat(limited.error().get("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
		// Another session from the same address still uploads.
		assertThat(upload(documentSession().get("client_secret").asString(), pdf, "application/pdf").status())
			.isEqualTo(400);
	}

	@Test
	void uploadsFromOneAddressAreLimitedPerMinuteWhateverTheSession() {
		byte[] pdf = { '%', 'P', 'D', 'F' };

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 31; i++) {
			// A new (made-up) session each time: only the address is common.
			statuses.add(upload("vks_0000000000000000000000" + i + "_secret_x", pdf, "application/pdf").status());
		}

		assertThat(statuses.subList(0, 30)).containsOnly(400);
		assertThat(statuses.get(30)).isEqualTo(429);
	}

}
