package dev.stile.method.student;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The registry of academic domains: the list converted from JetBrains' swot (see
 * {@code student/ATTRIBUTION.md}), plus the operator's additions, minus the operator's
 * exclusions. An address's domain is academic when it, or a domain it belongs to, is
 * listed and none of them is excluded.
 */
@Component
class AcademicDomains {

	static final String REGISTRY = "/student/academic-domains.tsv.gz";

	private final Map<String, String> institutions;

	private final Set<String> excluded;

	@Autowired
	AcademicDomains(StudentProperties properties) {
		this(readRegistry(), entries(properties.domains().allow(), properties.domains().allowFile()),
				entries(properties.domains().deny(), properties.domains().denyFile()));
	}

	AcademicDomains(Map<String, String> registry, List<String> additions, List<String> exclusions) {
		Map<String, String> institutions = new HashMap<>(registry);
		for (String entry : additions) {
			int equals = entry.indexOf('=');
			String domain = normalized((equals < 0) ? entry : entry.substring(0, equals));
			String name = (equals < 0) ? domain : entry.substring(equals + 1).trim();
			institutions.put(domain, name.isEmpty() ? domain : name);
		}
		Set<String> excluded = new HashSet<>();
		exclusions.forEach((domain) -> excluded.add(normalized(domain)));
		this.institutions = Map.copyOf(institutions);
		this.excluded = Set.copyOf(excluded);
	}

	/**
	 * The institution of {@code domain}, or empty when it is not academic.
	 * @param domain a lower-case domain name
	 */
	Optional<String> institution(String domain) {
		String name = null;
		for (String candidate = domain; candidate != null; candidate = parent(candidate)) {
			if (this.excluded.contains(candidate)) {
				return Optional.empty();
			}
			if (name == null) {
				name = this.institutions.get(candidate);
			}
		}
		return Optional.ofNullable(name);
	}

	int size() {
		return this.institutions.size();
	}

	private static String parent(String domain) {
		int dot = domain.indexOf('.');
		return (dot < 0) ? null : domain.substring(dot + 1);
	}

	private static String normalized(String domain) {
		String trimmed = domain.trim().toLowerCase(Locale.ROOT);
		if (!trimmed.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
			throw new IllegalStateException("Not a domain in the student domain settings: '" + domain + "'");
		}
		return trimmed;
	}

	private static List<String> entries(List<String> listed, String file) {
		List<String> entries = new ArrayList<>();
		listed.stream().map(String::trim).filter((entry) -> !entry.isEmpty()).forEach(entries::add);
		if (file != null && !file.isBlank()) {
			try {
				for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
					int hash = line.indexOf('#');
					String entry = ((hash < 0) ? line : line.substring(0, hash)).trim();
					if (!entry.isEmpty()) {
						entries.add(entry);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the student domain file " + file, ex);
			}
		}
		return entries;
	}

	private static Map<String, String> readRegistry() {
		Map<String, String> registry = new HashMap<>(32_768);
		try (InputStream resource = AcademicDomains.class.getResourceAsStream(REGISTRY)) {
			if (resource == null) {
				throw new IllegalStateException("The registry of academic domains " + REGISTRY + " is missing");
			}
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(new GZIPInputStream(resource), StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				int tab = line.indexOf('\t');
				if (tab > 0) {
					registry.put(line.substring(0, tab), line.substring(tab + 1));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + REGISTRY, ex);
		}
		return registry;
	}

}
