package dev.stile.compliance;

import java.util.List;

/**
 * The rulings for every use case of a request in one jurisdiction, and their most
 * restrictive combination.
 *
 * @param jurisdiction the jurisdiction asked about
 * @param fallbackApplied whether any ruling came from a less specific jurisdiction or the
 * default
 * @param results one ruling per use case, in request order
 * @param mostRestrictive the combination of all rulings
 */
public record ComplianceDecision(Jurisdiction jurisdiction, boolean fallbackApplied, List<UseCaseRuling> results,
		MostRestrictive mostRestrictive) {

	public ComplianceDecision {
		results = List.copyOf(results);
	}

}
