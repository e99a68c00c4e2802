package dev.stile.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
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

	private final byte[] key;

	ServerSecret(JdbcTemplate jdbc) {
		byte[] fresh = new byte[32];
		new SecureRandom().nextBytes(fresh);
		jdbc.update("INSERT INTO server_secret (name, value) VALUES ('hmac', ?) ON CONFLICT (name) DO NOTHING", fresh);
		this.key = jdbc.queryForObject("SELECT value FROM server_secret WHERE name = 'hmac'", byte[].class);
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
