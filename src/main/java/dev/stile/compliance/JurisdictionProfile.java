package dev.stile.compliance;

/**
 * Facts about a jurisdiction that hold for every use case: whether mobile driver's
 * licences are legal ID there, how far they are accepted, and whether it is in the
 * EU/EEA.
 *
 * @param jurisdiction the jurisdiction code asked about
 * @param mdlLegallyRecognized whether mobile driver's licences are legally recognised as
 * ID
 * @param mdlAcceptanceStatus the general acceptance of mobile driver's licences
 * @param euEea whether the jurisdiction is in the EU or EEA, where EUDI PID is offered
 * @param fallbackApplied whether the facts came from the country (unknown subdivision) or
 * from the default (unknown country)
 * @param ruleVersion the dataset version used
 */
public record JurisdictionProfile(String jurisdiction, boolean mdlLegallyRecognized, MdlAcceptance mdlAcceptanceStatus,
		boolean euEea, boolean fallbackApplied, String ruleVersion) {

}
