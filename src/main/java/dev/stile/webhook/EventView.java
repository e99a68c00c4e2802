package dev.stile.webhook;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An event as the API shows it and as a webhook delivers it:
 * {@code {"id","object":"event","type","livemode","created","data":{"object":<session>}}}.
 */
record EventView(String id, String object, String type, boolean livemode, long created, Data data) {

	static EventView of(Event event) {
		return of(event.id(), event.type(), event.livemode(), event.createdAt().getEpochSecond(), event.dataObject());
	}

	static EventView of(String id, String type, boolean livemode, long created, String dataObject) {
		return new EventView(id, "event", type, livemode, created, new Data(dataObject));
	}

	/**
	 * The object the event is about, kept as the JSON written when it happened.
	 */
	record Data(@Schema(ref = "#/components/schemas/SessionView",
			description = "The verification session as it was when the event happened") @JsonRawValue String object) {
	}

}
