package dev.stile.method.student;

import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a mail server no student code could reach anyone: live student sessions are
 * refused with the reason.
 */
@IntegrationTest
class StudentWithoutMailTests {

	@Autowired
	Api api;

	@Test
	void aLiveStudentSessionIsRefusedWithoutAMailServer() {
		String key = TestOrganization.create(this.api).liveSecretKeyForSessions();

		Response refused = this.api.post(key, "/v1/verification_sessions", Map.of("type", "student"));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.error().get("code").asString()).isEqualTo("no_methods_available");
		assertThat(refused.error().get("message").asString()).contains(
				"student: not available in live mode on this deployment (it needs a mail server: spring.mail.host)");
	}

}
