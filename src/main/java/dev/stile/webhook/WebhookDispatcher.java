package dev.stile.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers due webhooks: claims them from the {@link DeliveryStore}, posts each signed
 * event on a bounded pool of its own (a slow endpoint ties up one thread, never the
 * others), and records the outcome, scheduling a retry with exponential backoff and
 * jitter until the retry period runs out. An endpoint that fails every attempt for too
 * long is disabled with a reason.
 */
@Component
class WebhookDispatcher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WebhookDispatcher.class);

	/** Deliveries one endpoint may have in flight at once, across all instances. */
	static final int PER_ENDPOINT_CONCURRENCY = 4;

	private static final String USER_AGENT = "Stile-Webhooks/1.0";

	private final DeliveryStore store;

	private final WebhookSender sender;

	private final JsonMapper json;

	private final Clock clock;

	private final WebhookProperties properties;

	private final ExecutorService pool;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong attempts = new AtomicLong();

	private volatile boolean stopping;

	private final MeterRegistry meters;

	WebhookDispatcher(DeliveryStore store, WebhookSender sender, JsonMapper json, Clock clock,
			WebhookProperties properties, MeterRegistry meters) {
		this.meters = meters;
		this.store = store;
		this.sender = sender;
		this.json = json;
		this.clock = clock;
		this.properties = properties;
		AtomicInteger threads = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "webhook-delivery-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	@Scheduled(fixedDelayString = "${stile.webhooks.poll-interval:1s}",
			initialDelayString = "${stile.webhooks.poll-interval:1s}")
	void poll() {
		if (this.stopping) {
			return;
		}
		try {
			dispatchDue();
		}
		catch (RuntimeException ex) {
			// The next poll tries again; claimed deliveries come back when their lease
			// passes.
			logger.warn("Could not dispatch webhooks", ex);
		}
	}

	/**
	 * Claims as many due deliveries as there are free threads and starts them.
	 * @return how many were started
	 */
	int dispatchDue() {
		int started = 0;
		while (true) {
			int free = this.properties.concurrency() - this.inFlight.get();
			if (free <= 0) {
				return started;
			}
			List<DeliveryStore.Claim> claims = this.store.claim(free, PER_ENDPOINT_CONCURRENCY, now(),
					this.properties.lease());
			for (DeliveryStore.Claim claim : claims) {
				this.inFlight.incrementAndGet();
				try {
					this.pool.execute(() -> work(claim));
				}
				catch (RuntimeException ex) {
					this.inFlight.decrementAndGet();
					throw ex;
				}
			}
			started += claims.size();
			if (claims.size() < free) {
				return started;
			}
		}
	}

	/**
	 * Makes the claimed delivery, then claims the next due one and goes on while there is
	 * one, so that throughput is bounded by the threads, not by the poll interval.
	 */
	private void work(DeliveryStore.Claim first) {
		try {
			DeliveryStore.Claim claim = first;
			while (claim != null) {
				deliver(claim);
				claim = this.stopping ? null
						: this.store.claim(1, PER_ENDPOINT_CONCURRENCY, now(), this.properties.lease())
							.stream()
							.findFirst()
							.orElse(null);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not claim webhook deliveries", ex);
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	/** How many attempts this dispatcher has made since it started. */
	long attemptsMade() {
		return this.attempts.get();
	}

	void deliver(DeliveryStore.Claim claim) {
		try {
			Optional<DeliveryStore.Target> target = this.store.target(claim);
			if (target.isEmpty()) {
				return;
			}
			Instant attemptedAt = now();
			WebhookSender.Outcome outcome = send(target.get(), attemptedAt);
			this.attempts.incrementAndGet();
			Instant now = now();
			if (outcome.succeeded()) {
				this.store.delivered(claim, outcome, attemptedAt, now);
				count(outcome, "delivered", target.get().event().livemode());
				return;
			}
			Instant next = nextAttempt(claim, now);
			Optional<Instant> failingSince = this.store.failed(claim, outcome, attemptedAt, now, next);
			count(outcome, "failed", target.get().event().livemode());
			failingSince.filter((since) -> !since.plus(this.properties.disableAfter()).isAfter(now))
				.ifPresent((since) -> disable(claim, since, outcome, now));
		}
		catch (RuntimeException ex) {
			// Nothing recorded: the lease runs out and the delivery is tried again.
			logger.warn("Webhook delivery {} failed unexpectedly", claim.id(), ex);
		}
	}

	/**
	 * {@code stile_webhook_attempts_total} and {@code stile_webhook_attempt_seconds} by
	 * outcome, the endpoint's answer ({@code 2xx} … {@code 5xx}, or {@code none} when it
	 * did not answer) and mode; counted once the outcome is recorded.
	 */
	private void count(WebhookSender.Outcome outcome, String result, boolean livemode) {
		String status = (outcome.statusCode() != null) ? (outcome.statusCode() / 100) + "xx" : "none";
		Counter.builder("stile.webhook.attempts")
			.description("Webhook delivery attempts")
			.tag("outcome", result)
			.tag("status", status)
			.tag("livemode", Boolean.toString(livemode))
			.register(this.meters)
			.increment();
		Timer.builder("stile.webhook.attempt")
			.description("Time an endpoint took to answer a webhook delivery")
			.tag("outcome", result)
			.publishPercentileHistogram()
			.register(this.meters)
			.record(Duration.ofMillis(outcome.durationMs()));
	}

	private WebhookSender.Outcome send(DeliveryStore.Target target, Instant at) {
		byte[] body = this.json.writeValueAsString(target.event()).getBytes(StandardCharsets.UTF_8);
		String signature = WebhookSignature.sign(new String(body, StandardCharsets.UTF_8), at.getEpochSecond(),
				target.signingSecrets(at).toArray(String[]::new));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json; charset=utf-8");
		headers.put("User-Agent", USER_AGENT);
		headers.put(WebhookSignature.HEADER, signature);
		boolean livemode = target.event().livemode();
		// Checked again at every attempt, on the addresses actually connected to: the
		// name may resolve elsewhere now than when the endpoint was saved.
		return this.sender.post(URI.create(target.url()), body, headers,
				(address) -> TargetAddresses.allowed(address, livemode, this.properties.testPrivateTargets()),
				this.properties.timeout());
	}

	/**
	 * When to try a failed delivery again: the wait doubles with each failure up to the
	 * maximum, and a random part of it spreads retries so that an endpoint coming back is
	 * not hit by all of them at once. {@code null} once the retry period is over.
	 */
	Instant nextAttempt(DeliveryStore.Claim claim, Instant now) {
		int failures = claim.attemptCount() + 1;
		Duration wait = this.properties.initialRetryInterval().multipliedBy(1L << Math.min(failures - 1, 30));
		if (wait.compareTo(this.properties.maxRetryInterval()) > 0 || wait.isNegative()) {
			wait = this.properties.maxRetryInterval();
		}
		long half = wait.toMillis() / 2;
		Duration jittered = Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
		Instant next = now.plus(jittered);
		if (next.isAfter(claim.createdAt().plus(this.properties.retryPeriod()))) {
			return null;
		}
		return next;
	}

	private void disable(DeliveryStore.Claim claim, Instant since, WebhookSender.Outcome outcome, Instant now) {
		String reason = "Disabled automatically: every delivery attempt has failed since "
				+ since.truncatedTo(ChronoUnit.SECONDS) + ". Last error: " + outcome.error()
				+ " Fix the endpoint, then enable it again with disabled=false.";
		if (this.store.disable(claim.endpointId(), since, reason, now)) {
			this.meters.counter("stile.webhook.endpoints.disabled").increment();
			logger.warn("Disabled webhook endpoint {}: failing since {}", claim.endpointId(), since);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		// Unfinished deliveries keep their lease until it passes, then another instance
		// (or this one after a restart) makes them.
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

}
