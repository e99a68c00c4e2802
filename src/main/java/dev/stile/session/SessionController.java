package dev.stile.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.stile.api.ApiException;
import dev.stile.api.GeoJurisdiction;
import dev.stile.api.Idempotency;
import dev.stile.api.ListParameters;
import dev.stile.api.ListResponse;
import dev.stile.apikey.ApiKeyPrincipal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Verification Sessions API: create, retrieve, cancel and list.
 */
@Tag(name = "Verification sessions")
@RestController
@RequestMapping("/v1/verification_sessions")
class SessionController {

	private static final String PATH = "/v1/verification_sessions";

	private final SessionService service;

	private final Idempotency idempotency;

	private final GeoJurisdiction geo;

	SessionController(SessionService service, Idempotency idempotency, GeoJurisdiction geo) {
		this.service = service;
		this.idempotency = idempotency;
		this.geo = geo;
	}

	@Operation(operationId = "createVerificationSession", summary = "Create a verification session")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = SessionView.class)))
	@PostMapping
	ResponseEntity<?> create(@AuthenticationPrincipal ApiKeyPrincipal caller, @RequestBody CreateSessionRequest request,
			@RequestHeader(name = Idempotency.HEADER, required = false) String headerKey, HttpServletRequest http) {
		String key = idempotencyKey(headerKey, request.idempotencyKey());
		String headerJurisdiction = this.geo.of(http, caller.livemode()).orElse(null);
		Map<String, Object> fingerprint = new LinkedHashMap<>();
		fingerprint.put("request", "POST " + PATH);
		fingerprint.put("parameters", request.fingerprint());
		return this.idempotency.run(caller.organizationId(), caller.livemode(), key, fingerprint,
				() -> ResponseEntity.ok(this.service.create(caller, request, headerJurisdiction)));
	}

	@Operation(operationId = "retrieveVerificationSession",
			summary = "Retrieve a verification session; expand[]=results inlines its results")
	@GetMapping("/{id}")
	SessionView retrieve(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@RequestParam(name = "expand[]", required = false) List<String> expand,
			@RequestParam(name = "expand", required = false) List<String> expandPlain) {
		boolean results = false;
		for (List<String> values : new List[] { expand, expandPlain }) {
			if (values == null) {
				continue;
			}
			for (String value : values) {
				if (!"results".equals(value)) {
					throw ApiException.invalid("expand[]", "Only results can be expanded.");
				}
				results = true;
			}
		}
		return this.service.retrieve(caller, id, results);
	}

	@Operation(operationId = "cancelVerificationSession",
			summary = "Cancel a verification session that is not finished")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = SessionView.class)))
	@PostMapping("/{id}/cancel")
	ResponseEntity<?> cancel(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@RequestBody(required = false) CancelRequest request,
			@RequestHeader(name = Idempotency.HEADER, required = false) String headerKey) {
		Map<String, Object> fingerprint = Map.of("request", "POST " + PATH + "/" + id + "/cancel");
		return this.idempotency.run(caller.organizationId(), caller.livemode(), headerKey, fingerprint,
				() -> ResponseEntity.ok(this.service.cancel(caller, id)));
	}

	@Operation(operationId = "listVerificationSessions", summary = "List verification sessions, newest first")
	@GetMapping
	ListResponse<SessionView> list(@AuthenticationPrincipal ApiKeyPrincipal caller,
			@RequestParam(required = false) String limit,
			@RequestParam(name = "starting_after", required = false) String startingAfter,
			@RequestParam(name = "ending_before", required = false) String endingBefore,
			@RequestParam(required = false) String status) {
		ListParameters page = ListParameters.parse(limit, startingAfter, endingBefore);
		Optional<SessionStatus> wanted = Optional.empty();
		if (status != null) {
			wanted = Optional.of(SessionStatus.fromApiName(status)
				.orElseThrow(() -> ApiException.invalid("status",
						"status must be one of: created, pending, processing, requires_input, verified, failed, cancelled, expired.")));
		}
		SessionService.Page found = this.service.list(caller, page, wanted);
		return new ListResponse<>(PATH, found.hasMore(), found.data());
	}

	private static String idempotencyKey(String header, String body) {
		if (header != null && body != null && !header.equals(body)) {
			throw ApiException.invalid("idempotency_key",
					"The Idempotency-Key header and the idempotency_key parameter differ; send one of them.");
		}
		return (header != null) ? header : body;
	}

	/** Cancel takes no parameters; anything sent is refused as unknown. */
	record CancelRequest() {
	}

}
