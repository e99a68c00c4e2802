package dev.stile.apikey;

import java.util.ArrayList;
import java.util.List;

import dev.stile.ops.ServerInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Settings the server refuses to start with, saying why: a guessable operator token and a
 * live key in the bootstrap variables.
 */
class StartupRefusalTests {

	@Test
	void anOperatorTokenShorterThan32CharactersIsRefused() {
		Throwable refused = catchThrowable(() -> ServerInstance.start("stile.admin.token=change-me").close());

		assertThat(messages(refused))
			.anyMatch((message) -> message.contains("STILE_ADMIN_TOKEN") && message.contains("at least 32 characters"));
	}

	@Test
	void aLiveBootstrapSecretKeyIsRefused() {
		Throwable refused = catchThrowable(
				() -> ServerInstance.start("stile.bootstrap.secret-key=vk_live_aliveproductionkey000000001").close());

		assertThat(messages(refused))
			.anyMatch((message) -> message.contains("STILE_BOOTSTRAP_SECRET_KEY") && message.contains("vk_test_"));
	}

	private static List<String> messages(Throwable thrown) {
		assertThat(thrown).as("the server started").isNotNull();
		List<String> messages = new ArrayList<>();
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return messages;
	}

}
