package dev.stile.session;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import dev.stile.api.ServerSecret;

import org.springframework.stereotype.Component;

/**
 * Keeps a session's email and phone encrypted at rest: the flow reads them back to send a
 * one-time code, nothing else does.
 */
@Component
@Converter
class EncryptedTextConverter implements AttributeConverter<String, String> {

	private final ServerSecret secret;

	EncryptedTextConverter(ServerSecret secret) {
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
