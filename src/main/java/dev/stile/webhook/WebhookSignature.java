package dev.stile.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Stile-Signature} header of webhook deliveries:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}, with one
 * {@code v1} per signing secret while a secret is being rolled. The HMAC key is the whole
 * secret string, {@code whsec_} prefix included. Receivers may copy this class.
 */
public final class WebhookSignature {

	/** The header a delivery's signature travels in. */
	public static final String HEADER = "Stile-Signature";

	/** How far a delivery's timestamp may be from the receiver's clock by default. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	private static final String SCHEME = "v1";

	private WebhookSignature() {
	}

	/**
	 * The header value for {@code payload} sent at {@code timestamp}, signed with each of
	 * {@code secrets}.
	 */
	public static String sign(String payload, long timestamp, String... secrets) {
		if (secrets.length == 0) {
			throw new IllegalArgumentException("at least one secret is needed");
		}
		StringBuilder header = new StringBuilder("t=").append(timestamp);
		for (String secret : secrets) {
			header.append(',').append(SCHEME).append('=').append(hmac(secret, timestamp + "." + payload));
		}
		return header.toString();
	}

	/**
	 * Checks that {@code header} signs {@code payload} with {@code secret} and was made
	 * within {@code tolerance} of now.
	 * @param payload the raw request body, exactly as received
	 * @throws InvalidSignatureException if it does not
	 */
	public static void verify(String payload, String header, String secret, Duration tolerance) {
		verify(payload, header, secret, tolerance, Instant.now());
	}

	/**
	 * Like {@link #verify(String, String, String, Duration)}, at a given time.
	 * @throws InvalidSignatureException if the signature does not hold at {@code now}
	 */
	public static void verify(String payload, String header, String secret, Duration tolerance, Instant now) {
		if (header == null || header.isBlank()) {
			throw new InvalidSignatureException("No " + HEADER + " header");
		}
		Long timestamp = null;
		List<String> signatures = new ArrayList<>();
		for (String part : header.split(",")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = part.substring(0, equals).trim();
			String value = part.substring(equals + 1).trim();
			if (name.equals("t")) {
				try {
					timestamp = Long.parseLong(value);
				}
				catch (NumberFormatException ex) {
					throw new InvalidSignatureException("Malformed timestamp in " + HEADER);
				}
			}
			else if (name.equals(SCHEME)) {
				signatures.add(value);
			}
		}
		if (timestamp == null || signatures.isEmpty()) {
			throw new InvalidSignatureException(HEADER + " needs a t= timestamp and at least one v1= signature");
		}
		byte[] expected = hmac(secret, timestamp + "." + payload).getBytes(StandardCharsets.US_ASCII);
		boolean matched = false;
		for (String signature : signatures) {
			// Constant time, so that the comparison does not tell how much of a guess was
			// right.
			matched |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
		}
		if (!matched) {
			throw new InvalidSignatureException("No v1 signature matches the payload and secret");
		}
		if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
			throw new InvalidSignatureException("Timestamp outside the tolerance of " + tolerance.toSeconds() + "s");
		}
	}

	private static String hmac(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	/** A delivery whose signature does not hold: reject it. */
	public static final class InvalidSignatureException extends RuntimeException {

		public InvalidSignatureException(String message) {
			super(message);
		}

	}

}
