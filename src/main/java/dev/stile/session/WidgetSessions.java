package dev.stile.session;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.apikey.AllowedOrigins;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.compliance.ComplianceDecision;
import dev.stile.compliance.ComplianceRules;
import dev.stile.compliance.Jurisdiction;
import dev.stile.compliance.MostRestrictive;
import dev.stile.compliance.UseCaseRuling;
import dev.stile.method.VerificationMethod;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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

	private final AllowedOrigins allowedOrigins;

	private final SessionRepository repository;

	WidgetSessions(SessionService sessions, ComplianceRules rules, SessionProperties properties,
			AllowedOrigins allowedOrigins, SessionRepository repository) {
		this.sessions = sessions;
		this.rules = rules;
		this.properties = properties;
		this.allowedOrigins = allowedOrigins;
		this.repository = repository;
	}

	/**
	 * The origins that may frame the hosted page of a session: its organization's allowed
	 * origins; empty when it has none or the session does not exist.
	 */
	@Transactional(readOnly = true)
	public List<String> frameAncestors(String sessionId) {
		return this.repository.findOrganizationIdById(sessionId).map(this.allowedOrigins::of).orElse(List.of());
	}

	/**
	 * Creates the session.
	 * @param caller a publishable or secret key
	 * @param cart what the widget asks for
	 * @param headerJurisdiction the jurisdiction of the trusted geo headers, if any
	 */
	public Started start(ApiKeyPrincipal caller, Cart cart, String headerJurisdiction) {
		List<String> products = products(cart.products());
		for (String product : products) {
			if (!caller.mayAskFor(product)) {
				throw new ApiException(HttpStatus.FORBIDDEN, ErrorType.PERMISSION_ERROR, "use_case_not_allowed",
						"This publishable key may not start sessions for " + product + "; it may for: "
								+ String.join(", ", caller.allowedUseCases()) + ".",
						"products");
			}
		}
		if (!caller.isSecret()) {
			redirectAllowed(caller, "return_url", cart.returnUrl());
			redirectAllowed(caller, "cancel_url", cart.cancelUrl());
		}
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
	 * A publishable key is public, so its sessions may redirect only to the
	 * organization's own sites; otherwise the hosted page would be an open redirect on
	 * the server's domain. Without allowed origins test mode redirects anywhere (a
	 * laptop's merchant page), live mode nowhere. A URL that is not even http(s) is left
	 * to the session's own check.
	 */
	private void redirectAllowed(ApiKeyPrincipal caller, String param, String url) {
		if (url == null) {
			return;
		}
		Optional<String> origin = AllowedOrigins.originOf(url);
		if (origin.isEmpty()) {
			return;
		}
		List<String> allowed = this.allowedOrigins.of(caller.organizationId());
		if (allowed.isEmpty() && !caller.livemode()) {
			return;
		}
		if (!allowed.contains(origin.get())) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "url_origin_not_allowed",
					allowed.isEmpty()
							? param + " of a live publishable-key session must be on one of the organization's "
									+ "allowed_origins, and it has none: the operator sets them with PATCH "
									+ "/admin/v1/organizations/{id}."
							: param + " must be on one of the organization's allowed_origins: "
									+ String.join(", ", allowed) + ".",
					param);
		}
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
			.filter((ruling) -> ruling.requiredAgeTier().equals(cart.requiredAgeTier()))
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
