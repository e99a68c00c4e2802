package dev.stile.widget;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the hosted verification page.
 *
 * @param frameAncestors the CSP {@code frame-ancestors} sources allowed to embed the page
 * in an iframe; {@code *} (any merchant's page) by default
 */
@ConfigurationProperties("stile.widget")
record WidgetProperties(@DefaultValue("*") List<String> frameAncestors) {

	WidgetProperties {
		frameAncestors = frameAncestors.stream().map(String::trim).filter((source) -> !source.isEmpty()).toList();
		for (String source : frameAncestors) {
			// A source is one token; anything else would inject directives into the
			// policy.
			if (!source.matches("[A-Za-z0-9*:/.\\-'\\[\\]]+")) {
				throw new IllegalArgumentException("Not a CSP source: " + source);
			}
		}
	}

}
