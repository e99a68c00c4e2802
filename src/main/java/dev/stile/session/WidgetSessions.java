package dev.stile.session;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.compliance.ComplianceDecision;
import dev.stile.compliance.ComplianceRules;
import dev.stile.compliance.Jurisdiction;
import dev.stile.compliance.MostRestrictive;
import dev.stile.compliance.UseCaseRuling;
import dev.stile.method.VerificationMethod;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sessions started by the embeddable widget with a publishable key: an age session for a
 * cart of products, held to the cart's most restrictive rules where the customer is.
 */
@Component
public class WidgetSessions {

	/** At most as many products as the Compliance API checks at once. */
	static final int MAX_PRODUCTS = 10;

	private final SessionService sessions;

	private final ComplianceRules rules;

	private final SessionProperties properties;

	WidgetSessions(SessionService sessions, ComplianceRules rules, SessionProperties properties) {
		this.sessions = sessions;
		this.rules = rules;
		this.properties = properties;
	}

	/**
	 * Creates the session.
	 * @param caller a publishable or secret key
	 * @param cart what the widget asks for
	 * @param headerJurisdiction the jurisdiction of the trusted geo headers, if any
	 */
	public Started start(ApiKeyPrincipal caller, Cart cart, String headerJurisdiction) {
		List<String> products = products(cart.products());
		String jurisdiction = (headerJurisdiction != null) ? headerJurisdiction
				: this.properties.fallbackJurisdiction(caller.livemode());
		if (jurisdiction == null) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"jurisdiction_unresolvable",
					"Could not determine the customer's jurisdiction from the request's geo headers.", null);
		}
		ComplianceDecision decision = this.rules.resolve(Jurisdiction.of(jurisdiction), products);
		MostRestrictive cartRules = decision.mostRestrictive();
		if (cartRules.anyProhibited()) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"use_case_prohibited", String.join(", ", cartRules.prohibitedUseCases()) + " cannot be sold in "
							+ jurisdiction + ": remove it from the cart.",
					"products");
		}
		if (cartRules.allowedMethods().isEmpty()) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"no_methods_available", "No verification method is allowed for every product of this cart in "
							+ jurisdiction + "; verify the products separately.",
					"products");
		}
		UseCaseRuling governing = governing(decision);
		CreateSessionRequest request = new CreateSessionRequest("age",
				cartRules.allowedMethods().stream().map(VerificationMethod::apiName).toList(), governing.useCase(),
				cart.returnUrl(), cart.cancelUrl(), null, Map.of("products", String.join(",", products)), null,
				jurisdiction, null, cart.email(), null, null, null, null, null, null, null);
		SessionView session = this.sessions.create(caller, request, headerJurisdiction);
		return new Started(session.id(), session.clientSecret(), session.verificationPath(), session.livemode(),
				session.useCase(), session.ageTier(), session.jurisdiction(), session.expiresAt());
	}

	/**
	 * The use case the session is recorded under: the first of the highest tier, one that
	 * requires a physical ID check before one that does not, so that the session's tier,
	 * message and hand-over check are the cart's strictest.
	 */
	private static UseCaseRuling governing(ComplianceDecision decision) {
		MostRestrictive cart = decision.mostRestrictive();
		List<UseCaseRuling> highest = decision.results()
			.stream()
			.filter((ruling) -> ruling.requiredAgeTier() == cart.requiredAgeTier())
			.toList();
		return highest.stream().filter(UseCaseRuling::physicalCheckRequired).findFirst().orElse(highest.get(0));
	}

	private List<String> products(String value) {
		if (value == null) {
			throw ApiException.missing("products");
		}
		List<String> names = Arrays.stream(value.split(",", -1)).map(String::trim).toList();
		if (names.stream().anyMatch(String::isEmpty)) {
			throw ApiException.invalid("products",
					"products must be a comma-separated list of use cases, e.g. alcohol_delivery,tobacco_nicotine.");
		}
		List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
		if (distinct.size() > MAX_PRODUCTS) {
			throw ApiException.invalid("products", "A cart may name at most " + MAX_PRODUCTS + " products.");
		}
		for (String name : distinct) {
			if (!this.rules.isKnownUseCase(name)) {
				throw ApiException.invalid("products", "Unknown product '" + name + "'. Known products: "
						+ String.join(", ", this.rules.useCases().stream().sorted().toList()) + ".");
			}
		}
		return distinct;
	}

	/**
	 * What the widget asks for.
	 *
	 * @param products the cart's use cases, comma-separated
	 * @param email the customer's email, if the merchant's page has it
	 * @param returnUrl where a full-page verification returns when done
	 * @param cancelUrl where it returns when the customer cancels
	 */
	public record Cart(String products, String email, String returnUrl, String cancelUrl) {
	}

	/**
	 * The new session, as much as the widget needs.
	 *
	 * @param id the session id
	 * @param clientSecret the secret that opens the session in the hosted page
	 * @param verificationPath the hosted page's path
	 * @param livemode whether the session is live
	 * @param useCase the use case the session is recorded under
	 * @param ageTier the cart's age tier
	 * @param jurisdiction where the customer is
	 * @param expiresAt when the session expires, in Unix seconds
	 */
	public record Started(String id, String clientSecret, String verificationPath, boolean livemode, String useCase,
			String ageTier, String jurisdiction, long expiresAt) {
	}

}
