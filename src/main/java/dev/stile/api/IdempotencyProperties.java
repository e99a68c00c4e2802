package dev.stile.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long idempotency keys are remembered.
 *
 * @param timeToLive after this long a key may be used again for a new request
 */
@ConfigurationProperties("stile.idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration timeToLive) {
}
