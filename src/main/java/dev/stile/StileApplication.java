package dev.stile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the Stile server. Callers authenticate with API keys, client secrets and
 * the admin token, never with a user name and password, so Spring Boot's default
 * in-memory user (and the generated password it would log) is left out.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class StileApplication {

	public static void main(String[] args) {
		SpringApplication.run(StileApplication.class, args);
	}

}
