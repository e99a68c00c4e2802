package dev.stile.compliance;

import java.util.ArrayList;
import java.util.List;

import dev.stile.method.VerificationMethod;

/**
 * The combined requirement of a mixed cart: the highest tier, the methods every use case
 * allows, and every prohibited use case.
 *
 * @param requiredAgeTier the highest tier of the cart
 * @param allowedMethods the methods allowed for every use case, in the order of the first
 * @param physicalCheckRequired whether any use case requires a physical ID check
 * @param mdlAcceptanceStatus the lowest mobile driver's licence acceptance of the cart
 * @param consentRequired whether any use case requires consent
 * @param dataRetentionDays the longest retention of the cart
 * @param anyProhibited whether any use case is prohibited
 * @param prohibitedUseCases the prohibited use cases, in request order
 */
public record MostRestrictive(AgeTier requiredAgeTier, List<VerificationMethod> allowedMethods,
		boolean physicalCheckRequired, MdlAcceptance mdlAcceptanceStatus, boolean consentRequired,
		int dataRetentionDays, boolean anyProhibited, List<String> prohibitedUseCases) {

	public MostRestrictive {
		allowedMethods = List.copyOf(allowedMethods);
		prohibitedUseCases = List.copyOf(prohibitedUseCases);
	}

	static MostRestrictive of(List<UseCaseRuling> rulings) {
		UseCaseRuling first = rulings.get(0);
		AgeTier tier = first.requiredAgeTier();
		List<VerificationMethod> methods = first.allowedMethods();
		boolean physicalCheck = false;
		MdlAcceptance mdl = first.mdlAcceptanceStatus();
		boolean consent = false;
		int retention = 0;
		List<String> prohibited = new ArrayList<>();
		for (UseCaseRuling ruling : rulings) {
			tier = AgeTier.higher(tier, ruling.requiredAgeTier());
			methods = methods.stream().filter(ruling.allowedMethods()::contains).toList();
			physicalCheck |= ruling.physicalCheckRequired();
			mdl = MdlAcceptance.lower(mdl, ruling.mdlAcceptanceStatus());
			consent |= ruling.consentRequired();
			retention = Math.max(retention, ruling.dataRetentionDays());
			if (ruling.prohibited()) {
				prohibited.add(ruling.useCase());
			}
		}
		return new MostRestrictive(tier, methods, physicalCheck, mdl, consent, retention, !prohibited.isEmpty(),
				prohibited);
	}

}
