package dev.stile.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ListResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API: organizations and their keys. Enabled only when
 * {@code STILE_ADMIN_TOKEN} is set.
 */
@RestController
@RequestMapping("/admin/v1/organizations")
class AdminController {

	private static final Duration MAX_GRACE = Duration.ofDays(7);

	private final ApiKeyService service;

	private final ApiKeyProperties properties;

	private final KnownUseCases useCases;

	AdminController(ApiKeyService service, ApiKeyProperties properties, KnownUseCases useCases) {
		this.service = service;
		this.properties = properties;
		this.useCases = useCases;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	OrganizationView createOrganization(@RequestBody CreateOrganization request) {
		if (request.name() == null || request.name().isBlank()) {
			throw ApiException.missing("name");
		}
		if (request.name().length() > 200) {
			throw ApiException.invalid("name", "name must be at most 200 characters.");
		}
		return OrganizationView.of(this.service.createOrganization(request.name().trim()));
	}

	@GetMapping("/{id}")
	OrganizationView organization(@PathVariable String id) {
		return OrganizationView.of(this.service.organization(id));
	}

	/**
	 * Sets the organization's {@code allowed_origins}; an empty list removes them, and a
	 * body without the field changes nothing.
	 */
	@PatchMapping("/{id}")
	OrganizationView updateOrganization(@PathVariable String id, @RequestBody Map<String, Object> request) {
		onlyField(request, "allowed_origins");
		if (request.get("allowed_origins") == null) {
			return OrganizationView.of(this.service.organization(id));
		}
		List<String> origins = strings(request.get("allowed_origins"), "allowed_origins");
		return OrganizationView.of(this.service.allowOrigins(id, AllowedOrigins.normalize(origins)));
	}

	/**
	 * Pins a publishable key to {@code allowed_use_cases}; {@code null} lets it ask for
	 * any use case again.
	 */
	@PatchMapping("/{id}/api_keys/{keyId}")
	ApiKeyView updateKey(@PathVariable String id, @PathVariable String keyId,
			@RequestBody Map<String, Object> request) {
		onlyField(request, "allowed_use_cases");
		if (!request.containsKey("allowed_use_cases")) {
			throw ApiException.missing("allowed_use_cases");
		}
		List<String> pinned = null;
		if (request.get("allowed_use_cases") != null) {
			pinned = new ArrayList<>(
					new LinkedHashSet<>(strings(request.get("allowed_use_cases"), "allowed_use_cases")));
			if (pinned.isEmpty()) {
				throw ApiException.invalid("allowed_use_cases",
						"allowed_use_cases must name at least one use case, or be null to allow every use case.");
			}
			for (String useCase : pinned) {
				if (!this.useCases.isKnownUseCase(useCase)) {
					throw ApiException.invalid("allowed_use_cases",
							"Unknown use case '" + useCase + "'. Known use cases: "
									+ String.join(", ", this.useCases.useCases().stream().sorted().toList()) + ".");
				}
			}
		}
		return ApiKeyView.of(this.service.allowUseCases(id, keyId, pinned));
	}

	@PostMapping("/{id}/api_keys")
	@ResponseStatus(HttpStatus.CREATED)
	ApiKeyView createKey(@PathVariable String id, @RequestBody CreateKey request) {
		if (request.type() == null) {
			throw ApiException.missing("type");
		}
		KeyType type = KeyType.fromApiName(request.type())
			.orElseThrow(() -> ApiException.invalid("type", "type must be one of: secret, publishable."));
		if (request.mode() == null) {
			throw ApiException.missing("mode");
		}
		if (!"test".equals(request.mode()) && !"live".equals(request.mode())) {
			throw ApiException.invalid("mode", "mode must be one of: test, live.");
		}
		return ApiKeyView.issued(this.service.issue(id, type, "live".equals(request.mode())));
	}

	@GetMapping("/{id}/api_keys")
	ListResponse<ApiKeyView> keys(@PathVariable String id) {
		List<ApiKeyView> keys = this.service.list(id).stream().map(ApiKeyView::of).toList();
		return new ListResponse<>("/admin/v1/organizations/" + id + "/api_keys", false, keys);
	}

	@PostMapping("/{id}/api_keys/{keyId}/roll")
	ApiKeyView roll(@PathVariable String id, @PathVariable String keyId,
			@RequestBody(required = false) RollKey request) {
		Duration grace = this.properties.apiKeys().rollGracePeriod();
		if (request != null && request.gracePeriodSeconds() != null) {
			long seconds = request.gracePeriodSeconds();
			if (seconds < 0 || seconds > MAX_GRACE.toSeconds()) {
				throw ApiException.invalid("grace_period_seconds",
						"grace_period_seconds must be between 0 and " + MAX_GRACE.toSeconds() + ".");
			}
			grace = Duration.ofSeconds(seconds);
		}
		return ApiKeyView.issued(this.service.roll(id, keyId, grace));
	}

	@PostMapping("/{id}/api_keys/{keyId}/revoke")
	ApiKeyView revoke(@PathVariable String id, @PathVariable String keyId) {
		return ApiKeyView.of(this.service.revoke(id, keyId));
	}

	private static void onlyField(Map<String, Object> request, String field) {
		for (String name : request.keySet()) {
			if (!name.equals(field)) {
				throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "parameter_unknown",
						"Received unknown parameter: " + name + ".", name);
			}
		}
	}

	private static List<String> strings(Object value, String param) {
		if (!(value instanceof List<?> list) || list.size() > 100) {
			throw ApiException.invalid(param, param + " must be an array of strings.");
		}
		List<String> strings = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String text)) {
				throw ApiException.invalid(param, param + " must be an array of strings.");
			}
			strings.add(text.trim());
		}
		return strings;
	}

	record CreateOrganization(String name) {
	}

	record CreateKey(String type, String mode) {
	}

	record RollKey(Long gracePeriodSeconds) {
	}

	record OrganizationView(String id, String object, String name, long created, List<String> allowedOrigins) {

		static OrganizationView of(Organization organization) {
			return new OrganizationView(organization.id(), "organization", organization.name(),
					organization.createdAt().getEpochSecond(), organization.allowedOrigins());
		}

	}

	/**
	 * A key as the operator sees it; {@code secret} is present only in the response that
	 * created it, {@code allowed_use_cases} is null when the key may ask for any.
	 */
	record ApiKeyView(String id, String object, String organization, String type, String mode, boolean livemode,
			String redacted, long created, Long expiresAt, Long revokedAt, List<String> allowedUseCases,
			@JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

		static ApiKeyView of(ApiKey key) {
			return view(key, null);
		}

		static ApiKeyView issued(IssuedKey issued) {
			return view(issued.key(), issued.value().value());
		}

		private static ApiKeyView view(ApiKey key, String secret) {
			String mode = key.livemode() ? "live" : "test";
			return new ApiKeyView(key.id(), "api_key", key.organizationId(), key.type().apiName(), mode, key.livemode(),
					key.type().prefix() + "_" + mode + "_****" + key.last4(), key.createdAt().getEpochSecond(),
					seconds(key.expiresAt()), seconds(key.revokedAt()), key.allowedUseCases(), secret);
		}

		private static Long seconds(Instant instant) {
			return (instant != null) ? instant.getEpochSecond() : null;
		}

	}

}
