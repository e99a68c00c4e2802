package dev.stile.method.student;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code student} method.
 *
 * @param domains the operator's additions to and exclusions from the registry of academic
 * domains
 * @param codesPerAddress student codes one email address may be sent within
 * {@code codeWindow}
 * @param codeWindow the window of {@code codesPerAddress}
 * @param mailFrom the sender of the code emails
 */
@ConfigurationProperties("stile.student")
record StudentProperties(@DefaultValue Domains domains, @DefaultValue("5") int codesPerAddress,
		@DefaultValue("1h") Duration codeWindow, @DefaultValue("no-reply@stile.invalid") String mailFrom) {

	StudentProperties {
		if (codesPerAddress < 1) {
			throw new IllegalArgumentException("stile.student.codes-per-address must be at least 1");
		}
	}

	/**
	 * Operator additions and exclusions, each {@code domain} or
	 * {@code domain=Institution} (additions), or {@code domain} (exclusions); the files
	 * hold one a line, {@code #} starting a comment.
	 *
	 * @param allow domains to accept besides the registry's
	 * @param deny domains (and their subdomains) to refuse even when the registry lists
	 * them
	 * @param allowFile a file of further additions, or {@code null}
	 * @param denyFile a file of further exclusions, or {@code null}
	 */
	record Domains(@DefaultValue List<String> allow, @DefaultValue List<String> deny, String allowFile,
			String denyFile) {

		Domains {
			allow = List.copyOf(allow);
			deny = List.copyOf(deny);
		}

	}

}
