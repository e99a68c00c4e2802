package dev.stile.person;

import java.util.Locale;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import dev.stile.api.ApiException;
import dev.stile.api.ServerSecret;

import org.springframework.stereotype.Component;

/**
 * Turns an email or phone into the keyed hash a verified person is known by: normalised
 * first (lower-case email; phone to E.164), then HMAC'd with the deployment's secret. The
 * clear value is never stored.
 */
@Component
class Anchors {

	private final ServerSecret secret;

	Anchors(ServerSecret secret) {
		this.secret = secret;
	}

	String email(String email) {
		return (email != null) ? this.secret.hash("email", email.trim().toLowerCase(Locale.ROOT)) : null;
	}

	String phone(String phone) {
		return (phone != null) ? this.secret.hash("phone", e164(phone)) : null;
	}

	static String e164(String phone) {
		PhoneNumberUtil util = PhoneNumberUtil.getInstance();
		try {
			Phonenumber.PhoneNumber number = util.parse(phone, null);
			if (!util.isPossibleNumber(number)) {
				throw ApiException.invalid("phone", "phone is not a possible phone number.");
			}
			return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			throw ApiException.invalid("phone", "phone must be in E.164 format, e.g. +14155552671.");
		}
	}

}
