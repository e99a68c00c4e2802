import { randomUUID } from 'node:crypto';
import { StileConnectionError, StileError } from './errors.js';

export const VERSION = '0.1.0';

const DEFAULTS = {
  baseUrl: 'http://localhost:3000',
  timeout: 80_000,
  maxNetworkRetries: 2,
  initialNetworkRetryDelay: 500,
  maxNetworkRetryDelay: 5_000,
  maxRetryAfter: 60_000,
};

/**
 * The one function every resource calls: JSON in and out, the bearer key, an idempotency key on
 * every POST, and retries with exponential backoff and jitter on network errors, 409 idempotency
 * conflicts, 429 (after `Retry-After` when the server sends one) and 5xx.
 */
export class Requester {
  /**
   * @param {string} secretKey
   * @param {object} [config]
   */
  constructor(secretKey, config = {}) {
    if (typeof secretKey !== 'string' || secretKey === '') {
      throw new StileError('A secret API key is needed: new Stile("vk_test_...")');
    }
    this.secretKey = secretKey;
    const maxNetworkRetries = config.maxNetworkRetries ?? config.maxRetries;
    this.config = {
      ...DEFAULTS,
      ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)),
      maxNetworkRetries: maxNetworkRetries ?? DEFAULTS.maxNetworkRetries,
    };
    this.config.baseUrl = String(this.config.baseUrl).replace(/\/+$/, '');
    this.fetch = config.fetch ?? globalThis.fetch;
    this.sleep = config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * @param {'GET'|'POST'|'DELETE'} method
   * @param {string} path
   * @param {{query?: object, body?: object}} [data]
   * @param {{idempotencyKey?: string, timeout?: number, maxNetworkRetries?: number, headers?: object}} [options]
   */
  async request(method, path, data = {}, options = {}) {
    const url = this.config.baseUrl + path + encodeQuery(data.query);
    const headers = {
      Authorization: `Bearer ${this.secretKey}`,
      Accept: 'application/json',
      'User-Agent': `stile-node/${VERSION} node/${process.version}`,
      ...options.headers,
    };
    let body;
    if (method === 'POST') {
      body = JSON.stringify(data.body ?? {});
      headers['Content-Type'] = 'application/json';
      // The same key on every retry, so that a retried create never makes a second object.
      // A key in the body (the API's idempotency_key parameter) must match the header's.
      const bodyKey = typeof data.body?.idempotency_key === 'string' ? data.body.idempotency_key : undefined;
      headers['Idempotency-Key'] = options.idempotencyKey ?? bodyKey ?? `stile-node-retry-${randomUUID()}`;
    }
    const maxRetries = options.maxNetworkRetries ?? this.config.maxNetworkRetries;
    const timeout = options.timeout ?? this.config.timeout;

    for (let attempt = 0; ; attempt++) {
      let response;
      let text;
      try {
        response = await this.fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeout) });
        // The body is read under the same timeout; a connection lost while reading it is a network error.
        text = await response.text();
      }
      catch (cause) {
        if (attempt < maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        const timedOut = cause?.name === 'TimeoutError' || cause?.name === 'AbortError';
        const error = new StileConnectionError(timedOut
          ? `The request to ${method} ${path} timed out after ${timeout}ms (${attempt} retries)`
          : `Could not reach Stile at ${this.config.baseUrl} (${attempt} retries): ${cause?.cause?.code ?? cause?.message ?? cause}`,
        { type: 'connection_error', code: timedOut ? 'timeout' : cause?.cause?.code });
        error.cause = cause;
        throw error;
      }

      const responseHeaders = Object.fromEntries(response.headers);
      let parsed;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      }
      catch {
        parsed = undefined;
      }
      if (response.ok) {
        if (parsed === undefined || parsed === null || typeof parsed !== 'object') {
          throw new StileError(`The server answered ${method} ${path} with a body that is not a JSON object`, {
            statusCode: response.status, headers: responseHeaders, requestId: responseHeaders['request-id'],
          });
        }
        Object.defineProperty(parsed, 'lastResponse', {
          enumerable: false,
          value: {
            statusCode: response.status,
            headers: responseHeaders,
            requestId: responseHeaders['request-id'],
            idempotencyKey: headers['Idempotency-Key'],
            idempotentReplayed: responseHeaders['idempotent-replayed'] === 'true',
          },
        });
        return parsed;
      }

      const error = StileError.fromResponse(response.status, parsed, responseHeaders);
      const delay = attempt < maxRetries ? this.retryDelay(response.status, error, responseHeaders, attempt) : null;
      if (delay === null) {
        throw error;
      }
      await this.sleep(delay);
    }
  }

  /** How long to wait before retrying this answer, or null when it is not retried. */
  retryDelay(status, error, headers, attempt) {
    if (status === 429) {
      const retryAfter = parseRetryAfter(headers['retry-after']);
      if (retryAfter === null) {
        return this.backoff(attempt);
      }
      // A wait longer than the client is willing to block is the caller's decision.
      return retryAfter <= this.config.maxRetryAfter ? Math.max(retryAfter, this.backoff(attempt)) : null;
    }
    if (status === 409 && error.type === 'idempotency_error') {
      return this.backoff(attempt);
    }
    if (status >= 500) {
      return this.backoff(attempt);
    }
    return null;
  }

  /** Exponential backoff with jitter: between half and all of initial * 2^attempt, capped. */
  backoff(attempt) {
    const { initialNetworkRetryDelay: initial, maxNetworkRetryDelay: max } = this.config;
    const ceiling = Math.min(initial * 2 ** attempt, max);
    return Math.max(initial / 2, ceiling * (0.5 + Math.random() / 2));
  }
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
function parseRetryAfter(value) {
  if (value === undefined || value === '') {
    return null;
  }
  if (/^\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** `?a=1&expand[]=results&expand[]=x`; undefined and null values are left out. */
export function encodeQuery(query) {
  if (!query) {
    return '';
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        search.append(`${key}[]`, String(item));
      }
    }
    else {
      search.append(key, String(value));
    }
  }
  const encoded = search.toString().replaceAll('%5B%5D=', '[]=');
  return encoded === '' ? '' : `?${encoded}`;
}
