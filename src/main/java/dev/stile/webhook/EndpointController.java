package dev.stile.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Webhook Endpoints API: create, list, retrieve, update, delete, roll the signing
 * secret, and see the deliveries made to an endpoint.
 */
@Tag(name = "Webhook endpoints")
@RestController
@RequestMapping(EndpointController.PATH)
class EndpointController {

	static final String PATH = "/v1/webhook_endpoints";

	private final EndpointService endpoints;

	private final DeliveryStore deliveries;

	private final Idempotency idempotency;

	EndpointController(EndpointService endpoints, DeliveryStore deliveries, Idempotency idempotency) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.idempotency = idempotency;
	}

	@Operation(operationId = "createWebhookEndpoint",
			summary = "Create a webhook endpoint; the response shows its signing secret once")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = EndpointView.class)))
	@PostMapping
	ResponseEntity<?> create(@AuthenticationPrincipal ApiKeyPrincipal caller,
			@RequestBody EndpointRequests.Create request,
			@RequestHeader(name = Idempotency.HEADER, required = false) String key) {
		return this.idempotency.run(caller.organizationId(), caller.livemode(), key,
				fingerprint("POST " + PATH, request.fingerprint()),
				() -> ResponseEntity.ok(this.endpoints.create(caller, request)));
	}

	@Operation(operationId = "listWebhookEndpoints", summary = "List webhook endpoints")
	@GetMapping
	ListResponse<EndpointView> list(@AuthenticationPrincipal ApiKeyPrincipal caller,
			@RequestParam(required = false) String limit,
			@RequestParam(name = "starting_after", required = false) String startingAfter,
			@RequestParam(name = "ending_before", required = false) String endingBefore) {
		EndpointService.Page found = this.endpoints.list(caller,
				ListParameters.parse(limit, startingAfter, endingBefore));
		return new ListResponse<>(PATH, found.hasMore(), found.data());
	}

	@Operation(operationId = "retrieveWebhookEndpoint", summary = "Retrieve a webhook endpoint")
	@GetMapping("/{id}")
	EndpointView retrieve(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id) {
		return this.endpoints.retrieve(caller, id);
	}

	@Operation(operationId = "updateWebhookEndpoint", summary = "Update a webhook endpoint")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = EndpointView.class)))
	@PostMapping("/{id}")
	ResponseEntity<?> update(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@RequestBody EndpointRequests.Update request,
			@RequestHeader(name = Idempotency.HEADER, required = false) String key) {
		return this.idempotency.run(caller.organizationId(), caller.livemode(), key,
				fingerprint("POST " + PATH + "/" + id, request.fingerprint()),
				() -> ResponseEntity.ok(this.endpoints.update(caller, id, request)));
	}

	@Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint")
	@DeleteMapping("/{id}")
	EndpointView.Deleted delete(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@RequestBody(required = false) EndpointRequests.Delete request) {
		return this.endpoints.delete(caller, id);
	}

	@Operation(operationId = "rollWebhookEndpointSecret",
			summary = "Roll the signing secret; the old one keeps signing for a grace period")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = EndpointView.class)))
	@PostMapping("/{id}/roll_secret")
	ResponseEntity<?> rollSecret(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@RequestBody(required = false) EndpointRequests.RollSecret request,
			@RequestHeader(name = Idempotency.HEADER, required = false) String key) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("grace_period_seconds", (request != null) ? request.gracePeriodSeconds() : null);
		return this.idempotency.run(caller.organizationId(), caller.livemode(), key,
				fingerprint("POST " + PATH + "/" + id + "/roll_secret", parameters),
				() -> ResponseEntity.ok(this.endpoints.rollSecret(caller, id, request)));
	}

	@Operation(operationId = "listWebhookEndpointDeliveries", summary = "List delivery attempts to this endpoint")
	@GetMapping("/{id}/deliveries")
	ListResponse<DeliveryView> deliveries(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@RequestParam(required = false) String limit,
			@RequestParam(name = "starting_after", required = false) String startingAfter,
			@RequestParam(name = "ending_before", required = false) String endingBefore) {
		ListParameters page = ListParameters.parse(limit, startingAfter, endingBefore);
		WebhookEndpoint endpoint = this.endpoints.find(caller, id);
		DeliveryStore.Page found = this.deliveries.list(DeliveryStore.Scope.ENDPOINT, endpoint.id(), page);
		return new ListResponse<>(PATH + "/" + id + "/deliveries", found.hasMore(), found.data());
	}

	private static Map<String, Object> fingerprint(String request, Map<String, Object> parameters) {
		Map<String, Object> fingerprint = new LinkedHashMap<>();
		fingerprint.put("request", request);
		fingerprint.put("parameters", parameters);
		return fingerprint;
	}

}
