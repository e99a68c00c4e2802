package dev.stile.session;

import static dev.stile.method.VerificationMethod.CARRIER_LOOKUP;
import static dev.stile.method.VerificationMethod.FACIAL_AGE;
import static dev.stile.method.VerificationMethod.MDL;
import static dev.stile.method.VerificationMethod.MID;
import static dev.stile.method.VerificationMethod.OPEN_BANKING;
import static dev.stile.method.VerificationMethod.PARENTAL_CONSENT;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.stile.method.VerificationMethod;

/**
 * What a session proves; each type has its default method waterfall, as documented.
 */
public enum SessionType {

	IDENTITY(List.of(MDL, MID, FACIAL_AGE, CARRIER_LOOKUP, OPEN_BANKING), "Verify your identity to continue."),

	AGE(List.of(MDL, MID, FACIAL_AGE, PARENTAL_CONSENT, CARRIER_LOOKUP, OPEN_BANKING), "Verify your age to continue."),

	STUDENT(List.of(VerificationMethod.STUDENT), "Verify that you are a student to continue.");

	private final List<VerificationMethod> defaultWaterfall;

	private final String defaultUserMessage;

	SessionType(List<VerificationMethod> defaultWaterfall, String defaultUserMessage) {
		this.defaultWaterfall = defaultWaterfall;
		this.defaultUserMessage = defaultUserMessage;
	}

	List<VerificationMethod> defaultWaterfall() {
		return this.defaultWaterfall;
	}

	String defaultUserMessage() {
		return this.defaultUserMessage;
	}

	/** The type as the API names it. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<SessionType> fromApiName(String name) {
		for (SessionType type : values()) {
			if (type.apiName().equals(name)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
