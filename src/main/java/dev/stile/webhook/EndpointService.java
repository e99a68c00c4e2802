package dev.stile.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.persistence.criteria.Predicate;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.Keyset;
import dev.stile.api.ListParameters;
import dev.stile.apikey.ApiKeyPrincipal;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, reads, changes and deletes webhook endpoints, always within the calling key's
 * organization and mode.
 */
@Service
class EndpointService {

	/**
	 * Endpoints per organization and mode: every event is sent to each of them, so this
	 * bounds the work one session change can cause.
	 */
	static final int MAX_ENDPOINTS = 16;

	private final EndpointRepository endpoints;

	private final Clock clock;

	private final WebhookProperties properties;

	EndpointService(EndpointRepository endpoints, Clock clock, WebhookProperties properties) {
		this.endpoints = endpoints;
		this.clock = clock;
		this.properties = properties;
	}

	@Transactional
	EndpointView create(ApiKeyPrincipal caller, EndpointRequests.Create request) {
		request.check(targets(caller));
		List<String> events = EndpointRequests.checkEvents(request.enabledEvents());
		if (this.endpoints.countByOrganizationIdAndLivemode(caller.organizationId(),
				caller.livemode()) >= MAX_ENDPOINTS) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "too_many_endpoints",
					"An organization can have at most " + MAX_ENDPOINTS
							+ " webhook endpoints per mode; delete one first.",
					null);
		}
		Instant now = now();
		WebhookEndpoint endpoint = new WebhookEndpoint(caller.organizationId(), caller.livemode(), request.url(),
				events, emptyToNull(request.description()),
				(request.metadata() != null) ? request.metadata() : Map.of(), now);
		this.endpoints.save(endpoint);
		return EndpointView.withSecret(endpoint, now);
	}

	@Transactional(readOnly = true)
	EndpointView retrieve(ApiKeyPrincipal caller, String id) {
		return EndpointView.of(find(caller, id), now());
	}

	@Transactional
	EndpointView update(ApiKeyPrincipal caller, String id, EndpointRequests.Update request) {
		request.check(targets(caller));
		WebhookEndpoint endpoint = lock(caller, id);
		Instant now = now();
		if (request.url() != null) {
			endpoint.changeUrl(request.url(), now);
		}
		if (request.enabledEvents() != null) {
			endpoint.changeEvents(EndpointRequests.checkEvents(request.enabledEvents()), now);
		}
		if (request.description() != null) {
			endpoint.describe(request.description(), now);
		}
		if (request.metadata() != null) {
			endpoint.mergeMetadata(request.metadata(), now);
		}
		if (Boolean.TRUE.equals(request.disabled())) {
			endpoint.disable("Disabled through the API.", now);
		}
		else if (Boolean.FALSE.equals(request.disabled())) {
			endpoint.enable(now);
		}
		return EndpointView.of(endpoint, now);
	}

	@Transactional
	EndpointView.Deleted delete(ApiKeyPrincipal caller, String id) {
		WebhookEndpoint endpoint = lock(caller, id);
		// Its deliveries go with it (ON DELETE CASCADE): nothing is sent to it any more.
		this.endpoints.delete(endpoint);
		return new EndpointView.Deleted(endpoint.id());
	}

	@Transactional
	EndpointView rollSecret(ApiKeyPrincipal caller, String id, EndpointRequests.RollSecret request) {
		Duration grace = this.properties.secretRollGracePeriod();
		if (request != null) {
			request.check();
			if (request.gracePeriodSeconds() != null) {
				grace = Duration.ofSeconds(request.gracePeriodSeconds());
			}
		}
		WebhookEndpoint endpoint = lock(caller, id);
		Instant now = now();
		endpoint.rollSecret(grace, now);
		return EndpointView.withSecret(endpoint, now);
	}

	@Transactional(readOnly = true)
	Page list(ApiKeyPrincipal caller, ListParameters page) {
		Instant now = now();
		WebhookEndpoint cursor = null;
		if (page.cursor() != null) {
			cursor = this.endpoints
				.findByIdAndOrganizationIdAndLivemode(page.cursor(), caller.organizationId(), caller.livemode())
				.orElseThrow(() -> ApiException.invalid(page.cursorParam(),
						"No such webhook_endpoint: '" + page.cursor() + "'"));
		}
		Specification<WebhookEndpoint> query = listQuery(caller, cursor, page.backwards());
		List<WebhookEndpoint> found = this.endpoints.findBy(query,
				(q) -> q.sortBy(page.backwards() ? Keyset.OLDEST_FIRST : Keyset.NEWEST_FIRST)
					.limit(page.limit() + 1)
					.all());
		boolean hasMore = found.size() > page.limit();
		List<WebhookEndpoint> shown = new ArrayList<>(found.subList(0, Math.min(found.size(), page.limit())));
		if (page.backwards()) {
			Collections.reverse(shown);
		}
		return new Page(shown.stream().map((endpoint) -> EndpointView.of(endpoint, now)).toList(), hasMore);
	}

	/** One page of the list, newest first. */
	record Page(List<EndpointView> data, boolean hasMore) {
	}

	/** Whether the caller's organization has an endpoint receiving events in its mode. */
	@Transactional(readOnly = true)
	boolean hasEnabledEndpoint(ApiKeyPrincipal caller) {
		return this.endpoints.existsByOrganizationIdAndLivemodeAndStatus(caller.organizationId(), caller.livemode(),
				WebhookEndpoint.Status.ENABLED);
	}

	/** The endpoint, or a 404 if the caller may not see it. */
	@Transactional(readOnly = true)
	WebhookEndpoint find(ApiKeyPrincipal caller, String id) {
		return this.endpoints.findByIdAndOrganizationIdAndLivemode(id, caller.organizationId(), caller.livemode())
			.orElseThrow(() -> notFound(id));
	}

	private WebhookEndpoint lock(ApiKeyPrincipal caller, String id) {
		return this.endpoints.findForUpdate(id, caller.organizationId(), caller.livemode())
			.orElseThrow(() -> notFound(id));
	}

	private static Specification<WebhookEndpoint> listQuery(ApiKeyPrincipal caller, WebhookEndpoint cursor,
			boolean backwards) {
		return (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			where.add(cb.equal(root.get("organizationId"), caller.organizationId()));
			where.add(cb.equal(root.get("livemode"), caller.livemode()));
			if (cursor != null) {
				where.add(Keyset.beyond(cb, root.get("createdAt"), root.get("id"), cursor.createdAt(), cursor.id(),
						backwards));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
	}

	private EndpointRequests.Targets targets(ApiKeyPrincipal caller) {
		if (caller.livemode()) {
			return EndpointRequests.Targets.LIVE;
		}
		return this.properties.testPrivateTargets() ? EndpointRequests.Targets.TEST_WITH_PRIVATE
				: EndpointRequests.Targets.TEST_PUBLIC_ONLY;
	}

	private static ApiException notFound(String id) {
		return ApiException.notFound("webhook_endpoint", id, "id");
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
