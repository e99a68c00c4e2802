package dev.stile.widget;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stile.compliance.AgeTier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The widget's message files name every age tier the API can answer.
 */
class WidgetMessagesTests {

	@ParameterizedTest
	@ValueSource(strings = { "en", "es" })
	void everyTierFrom13To25HasASentenceAndABadge(String language) throws IOException {
		JsonNode messages;
		try (InputStream in = getClass().getResourceAsStream("/widget/messages_" + language + ".json")) {
			messages = JsonMapper.builder().build().readTree(in);
		}
		for (int age = AgeTier.YOUNGEST; age <= AgeTier.OLDEST; age++) {
			String tier = AgeTier.of(age).apiName();
			assertThat(messages.path("tier." + tier).asString()).as(language + " " + tier)
				.contains(String.valueOf(age));
			assertThat(messages.path("tier.badge." + tier).asString()).as(language + " badge " + tier)
				.contains(String.valueOf(age));
		}
		assertThat(messages.path("tier.over_20").asString())
			.isEqualTo(language.equals("en") ? "You must be 20 or older." : "Debes tener 20 años o más.");
	}

}
