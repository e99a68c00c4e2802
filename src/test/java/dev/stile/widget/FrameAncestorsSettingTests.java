package dev.stile.widget;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.stile.ops.ServerInstance;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code STILE_WIDGET_FRAME_ANCESTORS} names the sites that may frame the hosted page:
 * {@code /verify/new} always, and a session's page when its organization has no allowed
 * origins of its own.
 */
@IntegrationTest
class FrameAncestorsSettingTests {

	@Autowired
	Api api;

	@Autowired
	DataSource dataSource;

	@Test
	void theSettingNamesWhoMayFrameTheHostedPageOfAnOrganizationWithoutAllowedOrigins() throws SQLException {
		HikariDataSource database = this.dataSource.unwrap(HikariDataSource.class);
		try (ServerInstance server = ServerInstance.start("spring.datasource.url=" + database.getJdbcUrl(),
				"spring.datasource.username=" + database.getUsername(),
				"spring.datasource.password=" + ((database.getPassword() != null) ? database.getPassword() : ""),
				"stile.widget.frame-ancestors=https://shop.example.com,https://checkout.example.org")) {
			Api client = server.api();
			TestOrganization organization = TestOrganization.create(client);
			Response created = client.post(organization.testSecretKey(), "/v1/verification_sessions",
					Map.of("type", "age"));
			assertThat(created.status()).as(created.body()).isEqualTo(200);

			Response newPage = client.get(null, "/verify/new");
			Response sessionPage = client.get(null, "/verify/" + created.json().get("id").asString());

			assertThat(newPage.status()).isEqualTo(200);
			assertThat(sessionPage.status()).isEqualTo(200);
			assertThat(frameAncestors(newPage.header("Content-Security-Policy")))
				.containsExactly("https://shop.example.com", "https://checkout.example.org");
			assertThat(frameAncestors(sessionPage.header("Content-Security-Policy")))
				.containsExactly("https://shop.example.com", "https://checkout.example.org");
		}
		// The shared test server keeps the default.
		assertThat(frameAncestors(this.api.get(null, "/verify/new").header("Content-Security-Policy")))
			.containsExactly("*");
	}

	private static List<String> frameAncestors(String policy) {
		assertThat(policy).isNotNull();
		return Arrays.stream(policy.split(";"))
			.map(String::trim)
			.filter((directive) -> directive.startsWith("frame-ancestors "))
			.flatMap((directive) -> Arrays.stream(directive.substring("frame-ancestors ".length()).split(" ")))
			.toList();
	}

}
