package dev.stile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the Stile server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StileApplication {

	public static void main(String[] args) {
		SpringApplication.run(StileApplication.class, args);
	}

}
