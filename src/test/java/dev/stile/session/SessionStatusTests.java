package dev.stile.session;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.stile.session.SessionStatus.CANCELLED;
import static dev.stile.session.SessionStatus.CREATED;
import static dev.stile.session.SessionStatus.EXPIRED;
import static dev.stile.session.SessionStatus.FAILED;
import static dev.stile.session.SessionStatus.PENDING;
import static dev.stile.session.SessionStatus.PROCESSING;
import static dev.stile.session.SessionStatus.REQUIRES_INPUT;
import static dev.stile.session.SessionStatus.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transition graph, edge by edge: every pair of statuses is either in the documented
 * table or refused.
 */
class SessionStatusTests {

	private static final Set<String> ALLOWED = Set.of("CREATED>PENDING", "CREATED>PROCESSING", "PENDING>PROCESSING",
			"REQUIRES_INPUT>PROCESSING", "PROCESSING>VERIFIED", "PROCESSING>REQUIRES_INPUT", "PROCESSING>FAILED",
			"CREATED>CANCELLED", "PENDING>CANCELLED", "REQUIRES_INPUT>CANCELLED", "CREATED>EXPIRED", "PENDING>EXPIRED",
			"PROCESSING>EXPIRED", "REQUIRES_INPUT>EXPIRED");

	static Stream<Arguments> everyPair() {
		return Stream.of(SessionStatus.values())
			.flatMap((from) -> Stream.of(SessionStatus.values()).map((to) -> Arguments.of(from, to)));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("everyPair")
	void onlyTheDocumentedTransitionsAreAllowed(SessionStatus from, SessionStatus to) {
		assertThat(from.canTransitionTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
	}

	@Test
	void terminalStatusesNeverChangeAgain() {
		for (SessionStatus terminal : EnumSet.of(VERIFIED, FAILED, CANCELLED, EXPIRED)) {
			assertThat(terminal.isTerminal()).isTrue();
			for (SessionStatus next : SessionStatus.values()) {
				assertThat(terminal.canTransitionTo(next)).as(terminal + " -> " + next).isFalse();
			}
		}
	}

	@Test
	void openStatusesAreTheNonTerminalOnes() {
		assertThat(SessionStatus.open()).containsExactlyInAnyOrder(CREATED, PENDING, PROCESSING, REQUIRES_INPUT);
	}

	@Test
	void apiNamesAreLowerCase() {
		assertThat(REQUIRES_INPUT.apiName()).isEqualTo("requires_input");
		assertThat(SessionStatus.fromApiName("requires_input")).contains(REQUIRES_INPUT);
		assertThat(SessionStatus.fromApiName("REQUIRES_INPUT")).isEmpty();
	}

}
