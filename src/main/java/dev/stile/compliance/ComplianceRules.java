package dev.stile.compliance;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.stile.apikey.KnownUseCases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Resolves what the law requires for use cases in a jurisdiction, from the rule files
 * under {@code compliance/} on the classpath and the operator's override directory
 * ({@code STILE_COMPLIANCE_OVERRIDES_DIR}), read and checked once at startup. Rules dated
 * in the future take effect on their date, read from the clock.
 */
@Component
public class ComplianceRules implements KnownUseCases {

	private final RuleBook book;

	private final Clock clock;

	/**
	 * Loads the rules from the classpath, applying them as of today in UTC.
	 * @throws IllegalStateException if a rule file is malformed or breaks a rule of the
	 * dataset
	 */
	public ComplianceRules() {
		this(Clock.systemUTC());
	}

	/**
	 * Loads the rules from the classpath, applying them as of the clock's date.
	 * @throws IllegalStateException if a rule file is malformed or breaks a rule of the
	 * dataset
	 */
	public ComplianceRules(Clock clock) {
		this(RuleBookLoader.load(RuleBookLoader.CLASSPATH_LOCATION), clock);
	}

	/**
	 * Loads the rules from the classpath and the operator's override directory, if any.
	 * @throws IllegalStateException if a shipped or override rule file is malformed or
	 * breaks a rule of the dataset, or the override directory does not exist
	 */
	@Autowired
	ComplianceRules(Clock clock, ComplianceProperties properties) {
		this(RuleBookLoader.load(RuleBookLoader.CLASSPATH_LOCATION,
				properties.overridesDir().isBlank() ? null : Path.of(properties.overridesDir())), clock);
	}

	ComplianceRules(RuleBook book, Clock clock) {
		this.book = book;
		this.clock = clock;
	}

	/** Every known use case, e.g. {@code alcohol_delivery}. */
	public Set<String> useCases() {
		return this.book.useCases();
	}

	/** Whether the rules know this use case. */
	public boolean isKnownUseCase(String useCase) {
		return this.book.useCases().contains(useCase);
	}

	/**
	 * The jurisdiction's facts, inherited from its country or the default where it has
	 * none.
	 */
	public JurisdictionProfile profile(Jurisdiction jurisdiction) {
		return this.book.profile(jurisdiction);
	}

	/**
	 * The issuing jurisdictions (e.g. {@code US-LA}) whose mobile driver's licences the
	 * law accepts in this jurisdiction, inherited from its country; empty when it accepts
	 * any issuer.
	 */
	public Optional<Set<String>> acceptedMdlIssuers(Jurisdiction jurisdiction) {
		List<String> issuers = this.book.acceptedMdlIssuers(jurisdiction);
		return (issuers != null) ? Optional.of(Set.copyOf(issuers)) : Optional.empty();
	}

	/**
	 * The ruling for each use case in the jurisdiction as of today, and their most
	 * restrictive combination.
	 * @throws IllegalArgumentException naming the first unknown use case, or if none is
	 * given
	 */
	public ComplianceDecision resolve(Jurisdiction jurisdiction, List<String> useCases) {
		return resolve(jurisdiction, useCases, today());
	}

	/** Today in UTC, by the clock the rules are applied with. */
	public LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	/**
	 * The ruling for each use case in the jurisdiction as the rules stand on
	 * {@code date}, and their most restrictive combination.
	 * @throws IllegalArgumentException naming the first unknown use case, or if none is
	 * given
	 */
	public ComplianceDecision resolve(Jurisdiction jurisdiction, List<String> useCases, LocalDate date) {
		if (useCases.isEmpty()) {
			throw new IllegalArgumentException("At least one use case is required");
		}
		for (String useCase : useCases) {
			if (!isKnownUseCase(useCase)) {
				throw new IllegalArgumentException("Unknown use case '" + useCase + "'");
			}
		}
		List<UseCaseRuling> results = new LinkedHashSet<>(useCases).stream()
			.map((useCase) -> this.book.ruling(jurisdiction, useCase, date))
			.toList();
		boolean fallback = results.stream().anyMatch(UseCaseRuling::fallbackApplied);
		return new ComplianceDecision(jurisdiction, fallback, results, MostRestrictive.of(results));
	}

	/** The version of the rule dataset, e.g. {@code 2026-11-22}. */
	public String ruleVersion() {
		return this.book.version();
	}

}
