package dev.stile.session;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The life of a verification session. The enum holds the whole transition graph; terminal
 * states never change again.
 */
public enum SessionStatus {

	CREATED, PENDING, PROCESSING, REQUIRES_INPUT, VERIFIED, FAILED, CANCELLED, EXPIRED;

	private static final Set<SessionStatus> TERMINAL = EnumSet.of(VERIFIED, FAILED, CANCELLED, EXPIRED);

	/** Whether the session is over. */
	public boolean isTerminal() {
		return TERMINAL.contains(this);
	}

	/** Whether the graph has an edge from this status to {@code next}. */
	public boolean canTransitionTo(SessionStatus next) {
		return switch (next) {
			case PENDING -> this == CREATED;
			case PROCESSING -> this == CREATED || this == PENDING || this == REQUIRES_INPUT;
			case VERIFIED, FAILED, REQUIRES_INPUT -> this == PROCESSING;
			case CANCELLED -> this == CREATED || this == PENDING || this == REQUIRES_INPUT;
			case EXPIRED -> !isTerminal();
			case CREATED -> false;
		};
	}

	/** The status as the API names it. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<SessionStatus> fromApiName(String name) {
		for (SessionStatus status : values()) {
			if (status.apiName().equals(name)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

	static Set<SessionStatus> open() {
		return EnumSet.complementOf(EnumSet.copyOf(TERMINAL));
	}

}
