package dev.stile.apikey;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ErrorWriter;
import dev.stile.api.HttpProperties;
import dev.stile.ratelimit.OperatorTokenThrottle;
import dev.stile.ratelimit.RateLimitFilter;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Who may call what: {@code /v1/**} takes API keys, {@code /admin/v1/**} the operator
 * token, and every refusal is the API's error envelope.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The client-secret API of the hosted widget. */
	static final String CLIENT_API = "/v1/client/**";

	/** The OpenAPI description: public, like the documentation it is. */
	/** What a wallet reaches: OpenID4VP request and response URIs, without a key. */
	static final String WALLET_API = "/v1/oid4vp/**";

	static final String[] OPENAPI = { "/v1/openapi.json", "/v1/openapi.json/**" };

	/** The API playground (Swagger UI). */
	static final String[] PLAYGROUND = { "/docs", "/docs/**", "/swagger-ui.html", "/swagger-ui/**" };

	static final String PLAYGROUND_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
			+ "object-src 'none'; frame-ancestors 'none'";

	/** What a publishable key may call besides secret keys: the widget's needs. */
	static final String[] PUBLISHABLE_API = { "/v1/compliance/**", "/v1/widget/**" };

	/**
	 * No Micrometer observation around each security filter, authentication and
	 * authorization: the request's own observation ({@code http.server.requests}) already
	 * times every request, and a dozen more per request cost more CPU than the checks
	 * they time.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(1)
	SecurityFilterChain adminApi(HttpSecurity http, ApiKeyProperties properties, ErrorWriter errors,
			OperatorTokenThrottle throttle) throws Exception {
		http.securityMatcher("/admin/**");
		stateless(http);
		if (!properties.admin().enabled()) {
			// Without a configured token the operator API does not exist.
			http.authorizeHttpRequests((requests) -> requests.anyRequest().denyAll())
				.exceptionHandling((exceptions) -> exceptions
					.accessDeniedHandler((request, response, denied) -> errors.write(request, response,
							new ApiException(HttpStatus.NOT_FOUND, ErrorType.INVALID_REQUEST_ERROR, "resource_missing",
									"The operator API is disabled; set STILE_ADMIN_TOKEN to enable it.", null)))
					.authenticationEntryPoint((request, response,
							denied) -> errors.write(request, response, new ApiException(HttpStatus.NOT_FOUND,
									ErrorType.INVALID_REQUEST_ERROR, "resource_missing",
									"The operator API is disabled; set STILE_ADMIN_TOKEN to enable it.", null))));
			return http.build();
		}
		http.addFilterAt(new AdminTokenFilter(properties.admin().token(), throttle, errors),
				BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(AdminTokenFilter.ADMIN_AUTHORITY))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, denied) -> errors.write(request, response,
						new ApiException(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION_ERROR, "invalid_admin_token",
								"Send the operator token as a bearer token: Authorization: Bearer $STILE_ADMIN_TOKEN.",
								null))));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain publicApi(HttpSecurity http, ApiKeyService service, ErrorWriter errors,
			HttpProperties httpProperties, RateLimitFilter rateLimits) throws Exception {
		http.securityMatcher("/v1/**");
		stateless(http);
		CorsFilter cors = new CorsFilter(widgetCors(httpProperties));
		cors.setCorsProcessor(new EnvelopeCorsProcessor(errors));
		AuthenticationFailureHandler failure = (request, response, exception) -> errors.write(request, response,
				new ApiException(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION_ERROR, "invalid_api_key",
						exception.getMessage(), null));
		AuthenticationFilter keys = new AuthenticationFilter(
				new ProviderManager(new ApiKeyAuthenticationProvider(service)), new ApiKeyAuthenticationConverter());
		keys.setSuccessHandler((request, response, authentication) -> {
		});
		keys.setFailureHandler(failure);
		// The widget's endpoints authenticate with a session's client secret, never an
		// API key.
		keys.setRequestMatcher(new NegatedRequestMatcher(new OrRequestMatcher(
				PathPatternRequestMatcher.pathPattern(CLIENT_API), PathPatternRequestMatcher.pathPattern(WALLET_API))));
		AuthenticationEntryPoint missingKey = (request, response, exception) -> errors.write(request, response,
				new ApiException(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION_ERROR, "api_key_missing",
						"You did not provide an API key. Send it as a bearer token: Authorization: Bearer vk_test_...",
						null));
		AccessDeniedHandler publishableKey = (request, response, denied) -> errors
			.write(request, response, new ApiException(HttpStatus.FORBIDDEN, ErrorType.PERMISSION_ERROR,
					"publishable_key_scope",
					"This endpoint needs a secret key (vk_...); publishable keys (pk_...) may only start widget sessions.",
					null));
		// Counted once the key is known and before its permissions are checked, so that
		// every response to a key, a 403 included, carries its X-RateLimit-* headers.
		http.addFilterBefore(cors, BasicAuthenticationFilter.class)
			.addFilterAt(keys, BasicAuthenticationFilter.class)
			.addFilterAfter(rateLimits, BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(CLIENT_API)
				.permitAll()
				.requestMatchers(WALLET_API)
				.permitAll()
				.requestMatchers(OPENAPI)
				.permitAll()
				.requestMatchers(PUBLISHABLE_API)
				.hasAnyAuthority(ApiKeyAuthentication.SECRET_KEY_AUTHORITY,
						ApiKeyAuthentication.PUBLISHABLE_KEY_AUTHORITY)
				.anyRequest()
				.hasAuthority(ApiKeyAuthentication.SECRET_KEY_AUTHORITY))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(missingKey)
				.accessDeniedHandler(publishableKey));
		return http.build();
	}

	/**
	 * The playground takes API keys: no other site may frame it, and it runs under a
	 * policy of its own. Swagger UI sets style attributes, hence the inline styles; it
	 * needs no inline script and no eval.
	 */
	@Bean
	@Order(3)
	SecurityFilterChain playground(HttpSecurity http) throws Exception {
		http.securityMatcher(PLAYGROUND);
		stateless(http);
		http.headers((headers) -> headers.frameOptions((frameOptions) -> frameOptions.deny())
			.contentSecurityPolicy((policy) -> policy.policyDirectives(PLAYGROUND_POLICY)))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
		stateless(http);
		// The hosted verification page is embedded in merchants' pages in an iframe; it
		// sets its own
		// Content-Security-Policy with frame-ancestors instead of a blanket
		// X-Frame-Options: DENY.
		http.headers((headers) -> headers.frameOptions((frameOptions) -> frameOptions.disable()))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	private static CorsConfigurationSource widgetCors(HttpProperties properties) {
		CorsConfiguration widget = new CorsConfiguration();
		widget.setAllowedOriginPatterns(properties.widgetOrigins());
		widget.setAllowedMethods(List.of("GET", "POST"));
		widget.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
		widget.setExposedHeaders(List.of("Request-Id"));
		widget.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration(CLIENT_API, widget);
		return source;
	}

	private static void stateless(HttpSecurity http) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
	}

}
