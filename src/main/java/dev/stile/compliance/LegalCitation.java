package dev.stile.compliance;

import org.jspecify.annotations.Nullable;

/**
 * A legal source of a ruling: a statute, regulation, court decision or regulator's page.
 *
 * @param title what the source is, e.g. {@code Cal. Bus. & Prof. Code §25605 (...)}
 * @param url where to read it, when the dataset records one
 */
public record LegalCitation(String title, @Nullable String url) {

	// Rule files write a citation as "title — https://...", or the title alone.
	private static final String SEPARATOR = " — ";

	static LegalCitation parse(String text) {
		int at = text.lastIndexOf(SEPARATOR);
		if (at > 0) {
			String url = text.substring(at + SEPARATOR.length()).trim();
			if (url.startsWith("https://") || url.startsWith("http://")) {
				return new LegalCitation(text.substring(0, at).trim(), url);
			}
		}
		return new LegalCitation(text.trim(), null);
	}

}
