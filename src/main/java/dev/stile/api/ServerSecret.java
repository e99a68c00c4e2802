package dev.stile.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The deployment's own secret for keyed hashes: created at random on first start, kept in
 * the database so every instance uses the same one. Used where a value must be
 * recognisable again without being stored (a document number, an email address).
 */
@Component
public class ServerSecret {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] key;

	private final SecretKeySpec encryptionKey;

	ServerSecret(JdbcTemplate jdbc) {
		byte[] fresh = new byte[32];
		RANDOM.nextBytes(fresh);
		jdbc.update("INSERT INTO server_secret (name, value) VALUES ('hmac', ?) ON CONFLICT (name) DO NOTHING", fresh);
		this.key = jdbc.queryForObject("SELECT value FROM server_secret WHERE name = 'hmac'", byte[].class);
		this.encryptionKey = new SecretKeySpec(HexFormat.of().parseHex(hash("encryption-key", "aes-256-gcm")), "AES");
	}

	/**
	 * Encrypts {@code value} with AES-256-GCM under a key derived from the deployment's
	 * secret: for personal data a flow must read back (an email to send a code to), never
	 * stored in clear. Base64 of nonce and ciphertext.
	 */
	public String encrypt(String value) {
		try {
			byte[] nonce = new byte[12];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, nonce));
			byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[nonce.length + sealed.length];
			System.arraycopy(nonce, 0, out, 0, nonce.length);
			System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
			return Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every Java runtime", ex);
		}
	}

	/** Reverses {@link #encrypt(String)}. */
	public String decrypt(String sealed) {
		if (sealed.startsWith("whsec_")) {
			// Signing secrets written before they were encrypted at rest.
			return sealed;
		}
		try {
			byte[] in = Base64.getDecoder().decode(sealed);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, in, 0, 12));
			return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A value sealed by another deployment's secret cannot be read", ex);
		}
	}

	/**
	 * HMAC-SHA256 of {@code value} under the deployment's key, separated by
	 * {@code purpose} so a hash made for one use never matches one made for another;
	 * lower-case hex.
	 */
	public String hash(String purpose, String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			mac.update(purpose.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
