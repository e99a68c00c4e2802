package dev.stile.api;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v1/openapi.json} (and the playground at
 * {@code /docs}), generated from the controllers: JSON names in snake_case as the API
 * writes them, every operation behind a bearer token, and every error in the envelope.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String WRITTEN = AsWrittenModelResolver.WRITTEN;

	static final String BEARER = "bearer";

	static final String ERROR_SCHEMA = "Error";

	/** The statuses any call may answer with, besides its own success. */
	private static final Map<String, String> ERRORS = Map.of("400",
			"Invalid request: `error.param` names the parameter.", "401",
			"No or an unknown API key (or client secret).", "403",
			"The key may not call this endpoint (a publishable key on a secret-key endpoint).", "404",
			"No such object for this key's organization and mode.", "409",
			"The object is in a state that forbids this, or an idempotency key was reused with other parameters.",
			"429", "Rate limit exceeded: retry after the Retry-After header's seconds.", "500",
			"Unexpected server error; the request id identifies it in the server's log.", "503",
			"The database is unreachable; retry later.");

	/**
	 * Schemas as the API's Jackson writes them: snake_case names, absent optional fields
	 * as {@code null}.
	 */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new AsWrittenModelResolver(
				Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OpenAPI stileOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Stile API")
				.version("v1")
				.description("""
						Identity and age verification. Authenticate with a secret key (`vk_test_…` or \
						`vk_live_…`) as a bearer token; a publishable key (`pk_…`) may call only \
						`/v1/widget/sessions` and `/v1/compliance/check`, and the `/v1/client/session` \
						endpoints take a session's `client_secret` instead. Errors are always \
						`{"error":{"type","code","message","param","request_id"}}`.""")
				.license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("A secret or publishable API key, or a session's client secret.")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.tags(List.of(tag("Verification sessions", "Create sessions and read their outcome."),
					tag("Compliance", "What the law requires for a cart in a jurisdiction."),
					tag("Webhook endpoints", "Where signed events are delivered."),
					tag("Events", "What happened to sessions, as delivered to webhooks."),
					tag("Verified persons", "Reuse of earlier verifications, and erasure."),
					tag("Widget", "Sessions started from the browser with a publishable key."),
					tag("Client (client_secret)", "What the hosted page calls with a session's client secret.")));
	}

	private static Tag tag(String name, String description) {
		return new Tag().name(name).description(description);
	}

	/**
	 * Adds the error envelope and the error statuses to every operation, makes the fields
	 * every response contains {@code required}, and refuses unknown fields in request
	 * bodies as the server does.
	 */
	@Bean
	OpenApiCustomizer asWritten() {
		return (openApi) -> {
			Map<String, Schema> schemas = openApi.getComponents().getSchemas();
			ModelConverters.getInstance()
				.readAll(ErrorBody.class)
				.forEach((name, schema) -> schemas.put(name.equals("ErrorBody") ? ERROR_SCHEMA : name, schema));
			Content error = new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
					new MediaType().schema(new Schema<>().$ref(ref(ERROR_SCHEMA))));
			Set<String> inResponses = new HashSet<>();
			Set<String> inRequests = new HashSet<>();
			openApi.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
				ApiResponses responses = operation.getResponses();
				ERRORS.forEach((status, description) -> responses.putIfAbsent(status,
						new ApiResponse().description(description).content(error)));
				responses.values()
					.stream()
					.filter((response) -> response.getContent() != null)
					.flatMap((response) -> response.getContent().values().stream())
					.forEach((media) -> reach(media.getSchema(), schemas, inResponses));
				if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
					operation.getRequestBody()
						.getContent()
						.values()
						.forEach((media) -> reach(media.getSchema(), schemas, inRequests));
				}
			}));
			schemas.forEach((name, schema) -> {
				Object written = (schema.getExtensions() != null) ? schema.getExtensions().remove(WRITTEN) : null;
				if (schema.getExtensions() != null && schema.getExtensions().isEmpty()) {
					schema.setExtensions(null);
				}
				if (inResponses.contains(name) && written instanceof List<?> names) {
					names.forEach((property) -> {
						if (schema.getRequired() == null || !schema.getRequired().contains(property)) {
							schema.addRequiredItem((String) property);
						}
					});
				}
				else if (inRequests.contains(name) && schema.getProperties() != null) {
					schema.setAdditionalProperties(false);
				}
			});
			nullableReferences(schemas);
		};
	}

	/**
	 * {@code nullable} beside a {@code $ref} is ignored in OpenAPI 3.0: the schema
	 * referred to from a property that may be {@code null} is marked instead.
	 */
	@SuppressWarnings("unchecked")
	private static void nullableReferences(Map<String, Schema> schemas) {
		Set<String> nullable = new HashSet<>();
		schemas.values()
			.stream()
			.filter((schema) -> schema.getProperties() != null)
			.flatMap((schema) -> ((Map<String, Schema>) schema.getProperties()).values().stream())
			.filter((property) -> property.get$ref() != null && Boolean.TRUE.equals(property.getNullable()))
			.forEach((property) -> {
				nullable.add(name(property.get$ref()));
				property.setNullable(null);
			});
		nullable.forEach((name) -> schemas.get(name).setNullable(true));
	}

	private static String name(String ref) {
		return ref.substring(ref.lastIndexOf('/') + 1);
	}

	private static void reach(Schema<?> schema, Map<String, Schema> schemas, Set<String> reached) {
		if (schema == null) {
			return;
		}
		if (schema.get$ref() != null) {
			String name = name(schema.get$ref());
			if (reached.add(name)) {
				reach(schemas.get(name), schemas, reached);
			}
			return;
		}
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach((property) -> reach(property, schemas, reached));
		}
		reach(schema.getItems(), schemas, reached);
		if (schema.getAdditionalProperties() instanceof Schema<?> values) {
			reach(values, schemas, reached);
		}
		if (schema.getAllOf() != null) {
			schema.getAllOf().forEach((part) -> reach(part, schemas, reached));
		}
	}

	private static String ref(String schema) {
		return "#/components/schemas/" + schema;
	}

}
