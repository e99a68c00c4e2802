package dev.stile.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.stile.session.SessionEvent;
import dev.stile.session.SessionVerified;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts session status changes as {@code stile_sessions_total} by status, session type,
 * method and mode. Only committed changes count. The method is the one being tried, or,
 * for a verified session, the one that verified it.
 */
@Component
class SessionMetrics {

	static final String NAME = "stile.sessions";

	private static final String VERIFIED = "verification_session.verified";

	private final MeterRegistry meters;

	private final JsonMapper json;

	// A verified session's type, from its status event until the verification event that
	// follows it in the same thread names the method.
	private final Map<String, String> verifiedTypes = new ConcurrentHashMap<>();

	SessionMetrics(MeterRegistry meters, JsonMapper json) {
		this.meters = meters;
		this.json = json;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(SessionEvent event) {
		JsonNode session = this.json.valueToTree(event.session());
		String type = text(session.get("type"));
		if (VERIFIED.equals(event.type())) {
			this.verifiedTypes.put(event.sessionId(), type);
			return;
		}
		count(event.type().substring(event.type().indexOf('.') + 1), type, text(session.get("current_method")),
				event.livemode());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(SessionVerified event) {
		String type = this.verifiedTypes.remove(event.sessionId());
		count("verified", (type != null) ? type : "unknown",
				(event.method() != null) ? event.method().apiName() : "none", event.livemode());
	}

	private void count(String status, String type, String method, boolean livemode) {
		Counter.builder(NAME)
			.description("Verification session status changes")
			.tag("status", status)
			.tag("type", type)
			.tag("method", method)
			.tag("livemode", Boolean.toString(livemode))
			.register(this.meters)
			.increment();
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull()) ? "none" : node.asString();
	}

}
