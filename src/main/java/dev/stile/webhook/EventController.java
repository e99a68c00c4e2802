package dev.stile.webhook;

import java.time.Instant;

import dev.stile.api.ApiException;
import dev.stile.api.ListParameters;
import dev.stile.api.ListResponse;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.session.SessionEvent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Events API: list and retrieve events, and see how each was delivered.
 */
@Tag(name = "Events")
@RestController
@RequestMapping(EventController.PATH)
class EventController {

	static final String PATH = "/v1/events";

	private static final int MAX_ID = 255;

	private final EventService events;

	private final DeliveryStore deliveries;

	EventController(EventService events, DeliveryStore deliveries) {
		this.events = events;
		this.deliveries = deliveries;
	}

	@Operation(operationId = "listEvents", summary = "List events, newest first")
	@GetMapping
	ListResponse<EventView> list(@AuthenticationPrincipal ApiKeyPrincipal caller,
			@RequestParam(required = false) String limit,
			@RequestParam(name = "starting_after", required = false) String startingAfter,
			@RequestParam(name = "ending_before", required = false) String endingBefore,
			@RequestParam(required = false) String type,
			@RequestParam(name = "session_id", required = false) String sessionId,
			@RequestParam(name = "created_after", required = false) String createdAfter,
			@RequestParam(name = "created_before", required = false) String createdBefore) {
		ListParameters page = ListParameters.parse(limit, startingAfter, endingBefore);
		if (type != null && !SessionEvent.TYPES.contains(type)) {
			throw ApiException.invalid("type", "type must be one of: " + String.join(", ", SessionEvent.TYPES) + ".");
		}
		if (sessionId != null && (sessionId.isEmpty() || sessionId.length() > MAX_ID)) {
			throw ApiException.invalid("session_id", "session_id must be a verification session id.");
		}
		EventService.Filter filter = new EventService.Filter(type, sessionId, seconds("created_after", createdAfter),
				seconds("created_before", createdBefore));
		EventService.Page found = this.events.list(caller, page, filter);
		return new ListResponse<>(PATH, found.hasMore(), found.data());
	}

	@Operation(operationId = "retrieveEvent", summary = "Retrieve an event")
	@GetMapping("/{id}")
	EventView retrieve(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id) {
		return this.events.retrieve(caller, id);
	}

	@Operation(operationId = "listEventDeliveries", summary = "List delivery attempts of this event")
	@GetMapping("/{id}/deliveries")
	ListResponse<DeliveryView> deliveries(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id,
			@RequestParam(required = false) String limit,
			@RequestParam(name = "starting_after", required = false) String startingAfter,
			@RequestParam(name = "ending_before", required = false) String endingBefore) {
		ListParameters page = ListParameters.parse(limit, startingAfter, endingBefore);
		Event event = this.events.find(caller, id);
		DeliveryStore.Page found = this.deliveries.list(DeliveryStore.Scope.EVENT, event.id(), page);
		return new ListResponse<>(PATH + "/" + id + "/deliveries", found.hasMore(), found.data());
	}

	private static Instant seconds(String param, String value) {
		if (value == null) {
			return null;
		}
		// Twelve digits reach the year 33658: enough, and no overflow on the way.
		if (!value.matches("[0-9]{1,12}")) {
			throw ApiException.invalid(param, param + " must be a Unix timestamp in seconds.");
		}
		return Instant.ofEpochSecond(Long.parseLong(value));
	}

}
