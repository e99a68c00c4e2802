package dev.stile.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import tools.jackson.databind.JsonNode;

/**
 * A fresh organization made through the operator API, with a test secret key, so that a
 * test sees only its own events and endpoints although all tests share one database.
 */
final class Merchant {

	static final String ENDPOINTS = "/v1/webhook_endpoints";

	static final String EVENTS = "/v1/events";

	static final String SESSIONS = "/v1/verification_sessions";

	private final Api api;

	private final TestOrganization organization;

	private final String key;

	private final List<String> endpoints = new ArrayList<>();

	private Merchant(Api api, String key, TestOrganization organization) {
		this.api = api;
		this.organization = organization;
		this.key = key;
	}

	static Merchant create(Api api) {
		TestOrganization organization = TestOrganization.create(api);
		return new Merchant(api, organization.testSecretKey(), organization);
	}

	/** The same merchant, calling another server instance on the same database. */
	Merchant on(Api other) {
		return new Merchant(other, this.key, this.organization);
	}

	String key() {
		return this.key;
	}

	String organizationId() {
		return this.organization.id();
	}

	/** A new live secret key of this organization. */
	String liveKey() {
		return this.organization.liveSecretKey();
	}

	/**
	 * Creates an endpoint receiving every event, failing unless 200; answers it with its
	 * secret.
	 */
	JsonNode subscribe(String url) {
		return subscribe(this.key, url, List.of("*"));
	}

	JsonNode subscribe(String key, String url, List<String> events) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("url", url);
		body.put("enabled_events", events);
		Response response = this.api.post(key, ENDPOINTS, body);
		if (response.status() != 200) {
			throw new AssertionError("endpoint create failed: " + response.status() + " " + response.body());
		}
		this.endpoints.add(key + " " + response.json().get("id").asString());
		return response.json();
	}

	/** Creates a test session, failing unless 200. */
	JsonNode createSession(Map<String, Object> body) {
		Response response = this.api.post(this.key, SESSIONS, body);
		if (response.status() != 200) {
			throw new AssertionError("session create failed: " + response.status() + " " + response.body());
		}
		return response.json();
	}

	/** This endpoint's deliveries, newest first. */
	JsonNode deliveries(String endpointId) {
		return this.api.get(this.key, ENDPOINTS + "/" + endpointId + "/deliveries?limit=100").json().get("data");
	}

	/**
	 * Deletes the endpoints this merchant made, so that their receivers, gone after the
	 * test, are not retried for days.
	 */
	void unsubscribeAll() {
		for (String entry : this.endpoints) {
			String[] parts = entry.split(" ");
			this.api.call("DELETE", ENDPOINTS + "/" + parts[1]).key(parts[0]).send();
		}
		this.endpoints.clear();
	}

}
