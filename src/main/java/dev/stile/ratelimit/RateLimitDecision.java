package dev.stile.ratelimit;

/**
 * The outcome of one request's check against its key's bucket.
 *
 * @param allowed whether the request may proceed
 * @param limit requests per minute the key may make
 * @param remaining requests the key may still make at once
 * @param resetEpochSecond when the bucket is full again, in Unix seconds
 * @param retryAfterSeconds for a refused request, how long until one more is allowed
 */
record RateLimitDecision(boolean allowed, int limit, long remaining, long resetEpochSecond, long retryAfterSeconds) {

	private static final long MINUTE_US = 60_000_000L;

	/**
	 * Reads the bucket as the upsert left it. GCRA: each request moves the theoretical
	 * arrival time by one emission interval; a request is allowed while that time stays
	 * within a minute of now.
	 */
	static RateLimitDecision of(boolean allowed, int limit, long nowUs, long tatUs) {
		long interval = Math.max(1, MINUTE_US / limit);
		long remaining = allowed ? Math.max(0, Math.min(limit, (nowUs + MINUTE_US - tatUs) / interval)) : 0;
		long reset = ceilDiv(tatUs, 1_000_000L);
		long retryAfter = allowed ? 0 : Math.max(1, ceilDiv(tatUs + interval - MINUTE_US - nowUs, 1_000_000L));
		return new RateLimitDecision(allowed, limit, remaining, reset, retryAfter);
	}

	private static long ceilDiv(long x, long y) {
		return -Math.floorDiv(-x, y);
	}

}
