package dev.stile.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.stile.method.VerificationMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped rules against the high-confidence facts of research/compliance.md, the
 * section of each fact named beside it.
 */
class ComplianceFactsTests {

	private static final ComplianceRules rules = new ComplianceRules(
			Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

	@ParameterizedTest(name = "{0} {1} → {2}")
	@CsvSource(textBlock = """
			# §1.1 alcohol 21 in every state, a federal floor
			US-CA, alcohol_delivery,            over_21
			US-TX, alcohol_in_person,           over_21
			US-WI, alcohol_in_person,           over_21
			US-PR, alcohol_delivery,            over_21
			US-CA, alcohol_beer_wine_delivery,  over_21
			US-NY, alcohol_spirits_in_person,   over_21
			# §1.2 Tobacco 21, and the PACT Act for deliveries
			US-NY, tobacco_nicotine,            over_21
			US-VA, tobacco_nicotine,            over_21
			US-FL, tobacco_delivery,            over_21
			# §1.3 adult-use cannabis 21 where legal, prohibited elsewhere
			US-CA, cannabis_dispensary,         over_21
			US-CO, cannabis_dispensary,         over_21
			US-OH, cannabis_dispensary,         over_21
			US-MI, cannabis_dispensary,         over_21
			US-TX, cannabis_dispensary,         prohibited
			US-FL, cannabis_dispensary,         prohibited
			US-ND, cannabis_dispensary,         prohibited
			US-SD, cannabis_dispensary,         prohibited
			US-NE, cannabis_delivery,           prohibited
			# §1.5 sports betting 18 in NH, KY and WY; lottery 21 in MS, 19 in NE, none in five states
			US-NH, sports_betting,              over_18
			US-KY, sports_betting,              over_18
			US-WY, sports_betting,              over_18
			US-MS, lottery,                     over_21
			US-AZ, lottery,                     over_21
			US-NE, lottery,                     over_19
			US-AL, lottery,                     prohibited
			US-AK, lottery,                     prohibited
			US-HI, lottery,                     prohibited
			US-NV, lottery,                     prohibited
			US-UT, lottery,                     prohibited
			# §1.6 adult-content age verification, 18
			US-LA, adult_content,               over_18
			US-TX, adult_content,               over_18
			US-MO, adult_content,               over_18
			# §1.7 COPPA: 13 where no state law goes further
			US-NY, social_media,                over_13
			# §2.1 United Kingdom
			GB,    alcohol_in_person,           over_18
			GB,    alcohol_delivery,            over_18
			GB,    tobacco_nicotine,            over_18
			GB,    gambling_online,             over_18
			GB,    lottery,                     over_18
			GB,    adult_content,               over_18
			GB,    cannabis_dispensary,         prohibited
			# §2.2 Germany: beer and wine 16, spirits 18, tobacco 18 including mail order
			DE,    alcohol_beer_wine_in_person, over_16
			DE,    alcohol_beer_wine_delivery,  over_16
			DE,    alcohol_spirits_in_person,   over_18
			DE,    alcohol_spirits_delivery,    over_18
			DE,    alcohol_in_person,           over_18
			DE,    tobacco_delivery,            over_18
			# §2.3 France
			FR,    alcohol_in_person,           over_18
			FR,    tobacco_nicotine,            over_18
			FR,    adult_content,               over_18
			# §2.4 Canada: alcohol 18 in AB, MB, QC, 19 elsewhere; cannabis 21 in QC, 18 in AB, 19 elsewhere
			CA-AB, alcohol_in_person,           over_18
			CA-MB, alcohol_in_person,           over_18
			CA-QC, alcohol_delivery,            over_18
			CA-ON, alcohol_in_person,           over_19
			CA-BC, alcohol_delivery,            over_19
			CA-NU, alcohol_in_person,           over_19
			CA-QC, cannabis_dispensary,         over_21
			CA-AB, cannabis_dispensary,         over_18
			CA-ON, cannabis_dispensary,         over_19
			""")
	void shippedRulesMatchTheResearch(String jurisdiction, String useCase, String expected) {
		UseCaseRuling ruling = single(jurisdiction, useCase);
		assertThat(ruling.fallbackApplied()).isFalse();
		if (expected.equals("prohibited")) {
			assertThat(ruling.prohibited()).isTrue();
			assertThat(ruling.prohibitedReason()).isNotBlank();
		}
		else {
			assertThat(ruling.prohibited()).isFalse();
			assertThat(ruling.requiredAgeTier().apiName()).isEqualTo(expected);
		}
	}

	@ParameterizedTest(name = "{0} {1}: physical check {2}, mDL {3}")
	@CsvSource(textBlock = """
			# §1.2 PACT Act: photo ID and adult signature at the door
			US-TX, tobacco_delivery,   true,  none
			# §1.10 alcohol delivery: ID at the door
			US-CA, alcohol_delivery,   true,  none
			# §3.3 Louisiana: LA Wallet only, at the retailer's discretion; Colorado: any verified digital ID
			US-LA, alcohol_in_person,  false, partial
			US-CO, alcohol_in_person,  false, full
			# §1.8 firearms: federal form 4473, a physical government ID
			US-CO, firearms,           true,  none
			# §2.1 UK alcohol: a physical ID with hologram or UV mark
			GB,    alcohol_in_person,  true,  none
			""")
	void shippedRulesRequireTheChecksTheResearchFound(String jurisdiction, String useCase, boolean physicalCheck,
			String mdl) {
		UseCaseRuling ruling = single(jurisdiction, useCase);
		assertThat(ruling.physicalCheckRequired()).isEqualTo(physicalCheck);
		assertThat(ruling.mdlAcceptanceStatus().apiName()).isEqualTo(mdl);
	}

	@Test
	void selfDeclarationIsNeverAcceptedForAnAgeRestrictedSaleOrAdultContent() {
		RuleBook book = RuleBookLoader.load(RuleBookLoader.CLASSPATH_LOCATION);
		List<String> codes = new ArrayList<>(book.files().keySet());
		codes.add("KE");
		for (String code : codes) {
			for (String useCase : rules.useCases()) {
				if (useCase.equals("social_media")) {
					continue;
				}
				assertThat(single(code, useCase).allowedMethods()).as(code + " " + useCase)
					.doesNotContain(VerificationMethod.SELF_ATTESTATION);
			}
		}
	}

	@Test
	void onlineSafetyActRefusesSelfDeclarationForSocialMediaInGreatBritain() {
		assertThat(single("GB", "social_media").allowedMethods()).doesNotContain(VerificationMethod.SELF_ATTESTATION)
			.contains(VerificationMethod.FACIAL_AGE, VerificationMethod.OPEN_BANKING);
		assertThat(single("GB", "adult_content").governingRegulator()).isEqualTo("Ofcom");
	}

	@Test
	void germanCartOfBeerAndVodkaNeeds18() {
		ComplianceDecision decision = rules.resolve(Jurisdiction.of("DE"),
				List.of("alcohol_beer_wine_delivery", "alcohol_spirits_delivery"));
		assertThat(decision.results()).extracting((ruling) -> ruling.requiredAgeTier())
			.containsExactly(AgeTier.OVER_16, AgeTier.OVER_18);
		assertThat(decision.mostRestrictive().requiredAgeTier()).isEqualTo(AgeTier.OVER_18);
		assertThat(decision.mostRestrictive().physicalCheckRequired()).isTrue();
		assertThat(decision.results().get(0).userMessage()).isEqualTo(
				"You must be 16 or older to receive deliveries of beer or wine in Germany. A valid ID will be checked at delivery.");
		assertThat(decision.results().get(0).legalCitations()).extracting(LegalCitation::title)
			.anyMatch((title) -> title.startsWith("Jugendschutzgesetz §9(1) Nr. 1"));
	}

	@Test
	void californiaCartOfBeerAndVapesNeeds21AndAnIdAtTheDoor() {
		ComplianceDecision decision = rules.resolve(Jurisdiction.of("US-CA"),
				List.of("alcohol_delivery", "tobacco_delivery"));
		MostRestrictive most = decision.mostRestrictive();
		assertThat(most.requiredAgeTier()).isEqualTo(AgeTier.OVER_21);
		assertThat(most.physicalCheckRequired()).isTrue();
		assertThat(most.mdlAcceptanceStatus()).isEqualTo(MdlAcceptance.NONE);
		assertThat(most.anyProhibited()).isFalse();
		assertThat(most.allowedMethods()).doesNotContain(VerificationMethod.MDL)
			.allSatisfy((method) -> assertThat(decision.results())
				.allSatisfy((ruling) -> assertThat(ruling.allowedMethods()).contains(method)));
	}

	@Test
	void cartWithAProhibitedItemListsItAndStillAnswersTheRest() {
		ComplianceDecision decision = rules.resolve(Jurisdiction.of("US-TX"),
				List.of("alcohol_delivery", "cannabis_delivery", "gambling_online"));
		assertThat(decision.mostRestrictive().prohibitedUseCases()).containsExactly("cannabis_delivery",
				"gambling_online");
		assertThat(decision.results().get(0).prohibited()).isFalse();
	}

	@Test
	void stateInheritsTheFederalRuleItDoesNotRestate() {
		UseCaseRuling texas = single("US-TX", "tobacco_delivery");
		assertThat(texas.fallbackApplied()).isFalse();
		assertThat(texas.governingRegulator())
			.isEqualTo("Bureau of Alcohol, Tobacco, Firearms and Explosives (PACT Act)");
		assertThat(texas.legalCitations()).extracting(LegalCitation::url)
			.contains("https://www.law.cornell.edu/uscode/text/15/376a");
		// Texas' own biometric-privacy law comes with it
		assertThat(texas.consentRequired()).isTrue();
	}

	@Test
	void unknownCanadianTerritoryFallsBackToCanada() {
		UseCaseRuling ruling = single("CA-XX", "cannabis_dispensary");
		assertThat(ruling.fallbackApplied()).isTrue();
		assertThat(ruling.userMessage()).contains("Canada");
	}

	@Test
	void stateAgeVerificationLawAppliesFromItsEffectiveDate() {
		// Missouri's rule 15 CSR 60-18 took effect on 30 November 2025 (research §1.6).
		UseCaseRuling before = new ComplianceRules(Clock.fixed(Instant.parse("2025-11-29T12:00:00Z"), ZoneOffset.UTC))
			.resolve(Jurisdiction.of("US-MO"), List.of("adult_content"))
			.results()
			.get(0);
		UseCaseRuling after = new ComplianceRules(Clock.fixed(Instant.parse("2025-11-30T00:00:00Z"), ZoneOffset.UTC))
			.resolve(Jurisdiction.of("US-MO"), List.of("adult_content"))
			.results()
			.get(0);
		assertThat(before.governingRegulator()).isNull();
		assertThat(before.legalCitations()).extracting(LegalCitation::title)
			.noneMatch((t) -> t.contains("15 CSR 60-18"));
		assertThat(after.governingRegulator()).isEqualTo("Missouri Attorney General");
		assertThat(after.legalCitations()).extracting(LegalCitation::title).anyMatch((t) -> t.contains("15 CSR 60-18"));
	}

	private static UseCaseRuling single(String code, String useCase) {
		return rules.resolve(Jurisdiction.of(code), List.of(useCase)).results().get(0);
	}

}
