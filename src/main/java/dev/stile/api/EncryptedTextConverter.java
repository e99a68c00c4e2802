package dev.stile.api;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import org.springframework.stereotype.Component;

/**
 * Keeps a column encrypted at rest with the deployment's key: personal data or secrets
 * the server must read back (a session's email to send a code to, a webhook signing
 * secret) but must never store in clear.
 */
@Component
@Converter
public class EncryptedTextConverter implements AttributeConverter<String, String> {

	private final ServerSecret secret;

	public EncryptedTextConverter(ServerSecret secret) {
		this.secret = secret;
	}

	@Override
	public String convertToDatabaseColumn(String value) {
		return (value != null) ? this.secret.encrypt(value) : null;
	}

	@Override
	public String convertToEntityAttribute(String sealed) {
		return (sealed != null) ? this.secret.decrypt(sealed) : null;
	}

}
