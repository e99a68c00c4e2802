import { Requester, VERSION } from './request.js';
import { webhooks } from './webhooks.js';
import * as errors from './errors.js';

export * from './errors.js';
export { webhooks, VERSION };

const id = (value) => {
  if (typeof value !== 'string' || value === '') {
    throw new errors.StileInvalidRequestError('An object id (a non-empty string) is needed', { param: 'id' });
  }
  return encodeURIComponent(value);
};

/**
 * A list call's answer: awaiting it gives the first page (`{object: "list", data, has_more}`);
 * iterating it with `for await` gives every object of every page, fetching pages as it goes.
 * No request is sent until it is awaited or iterated.
 */
class ListPromise {
  constructor(fetchPage, params) {
    this.fetchPage = fetchPage;
    this.params = { ...params };
    this.first = null;
  }

  page() {
    this.first ??= this.fetchPage(this.params);
    return this.first;
  }

  then(onFulfilled, onRejected) {
    return this.page().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.page().catch(onRejected);
  }

  finally(onFinally) {
    return this.page().finally(onFinally);
  }

  async *[Symbol.asyncIterator]() {
    const backwards = this.params.ending_before !== undefined && this.params.starting_after === undefined;
    let page = await this.page();
    for (;;) {
      const data = backwards ? [...page.data].reverse() : page.data;
      yield* data;
      if (!page.has_more || page.data.length === 0) {
        return;
      }
      const cursor = backwards
        ? { ending_before: page.data[0].id }
        : { starting_after: page.data[page.data.length - 1].id };
      page = await this.fetchPage({ ...this.params, ...cursor });
    }
  }

  /** Every object, up to `limit` of them (required, so that a huge list is not read by accident). */
  async autoPagingToArray({ limit }) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new errors.StileInvalidRequestError('autoPagingToArray needs a positive integer limit', { param: 'limit' });
    }
    const all = [];
    for await (const item of this) {
      all.push(item);
      if (all.length >= limit) {
        break;
      }
    }
    return all;
  }

  /** Calls `onItem` for every object; stops when it returns false. */
  async autoPagingEach(onItem) {
    for await (const item of this) {
      if ((await onItem(item)) === false) {
        break;
      }
    }
  }
}

class Resource {
  constructor(requester) {
    this.requester = requester;
  }

  get(path, query, options) {
    return this.requester.request('GET', path, { query }, options);
  }

  post(path, body, options) {
    return this.requester.request('POST', path, { body }, options);
  }

  delete(path, query, options) {
    return this.requester.request('DELETE', path, { query }, options);
  }

  list(path, params, options) {
    return new ListPromise((query) => this.get(path, query, options), params);
  }
}

class VerificationSessions extends Resource {
  /** POST /v1/verification_sessions (with an idempotency key, generated unless options.idempotencyKey). */
  create(params = {}, options) {
    return this.post('/v1/verification_sessions', params, options);
  }

  /** GET /v1/verification_sessions/{id}; `{expand: ['results']}` inlines the results. */
  retrieve(sessionId, params = {}, options) {
    return this.get(`/v1/verification_sessions/${id(sessionId)}`, params, options);
  }

  /** GET /v1/verification_sessions, newest first: `limit`, `status`, `starting_after`, `ending_before`. */
  list(params = {}, options) {
    return super.list('/v1/verification_sessions', params, options);
  }

  /** POST /v1/verification_sessions/{id}/cancel */
  cancel(sessionId, params = {}, options) {
    return this.post(`/v1/verification_sessions/${id(sessionId)}/cancel`, params, options);
  }
}

class Events extends Resource {
  /** GET /v1/events/{id} */
  retrieve(eventId, options) {
    return this.get(`/v1/events/${id(eventId)}`, undefined, options);
  }

  /** GET /v1/events: `type`, `session_id`, `created_after`, `created_before`, `limit` and cursors. */
  list(params = {}, options) {
    return super.list('/v1/events', params, options);
  }

  /** GET /v1/events/{id}/deliveries */
  listDeliveries(eventId, params = {}, options) {
    return super.list(`/v1/events/${id(eventId)}/deliveries`, params, options);
  }
}

class WebhookEndpoints extends Resource {
  /** POST /v1/webhook_endpoints: `url`, `enabled_events`, `description`, `metadata`. The answer holds the `secret`. */
  create(params = {}, options) {
    return this.post('/v1/webhook_endpoints', params, options);
  }

  /** GET /v1/webhook_endpoints/{id} */
  retrieve(endpointId, options) {
    return this.get(`/v1/webhook_endpoints/${id(endpointId)}`, undefined, options);
  }

  /** POST /v1/webhook_endpoints/{id} */
  update(endpointId, params = {}, options) {
    return this.post(`/v1/webhook_endpoints/${id(endpointId)}`, params, options);
  }

  /** GET /v1/webhook_endpoints */
  list(params = {}, options) {
    return super.list('/v1/webhook_endpoints', params, options);
  }

  /** DELETE /v1/webhook_endpoints/{id} */
  del(endpointId, options) {
    return this.delete(`/v1/webhook_endpoints/${id(endpointId)}`, undefined, options);
  }

  /** POST /v1/webhook_endpoints/{id}/roll_secret: a new secret; the old one keeps signing for a grace period. */
  rollSecret(endpointId, params = {}, options) {
    return this.post(`/v1/webhook_endpoints/${id(endpointId)}/roll_secret`, params, options);
  }

  /** GET /v1/webhook_endpoints/{id}/deliveries */
  listDeliveries(endpointId, params = {}, options) {
    return super.list(`/v1/webhook_endpoints/${id(endpointId)}/deliveries`, params, options);
  }
}

class VerifiedPersons extends Resource {
  /** POST /v1/verified_person/lookup: `email` or `phone`, and `methods`, `min_strength`, `max_age`. */
  lookup(params = {}, options) {
    return this.post('/v1/verified_person/lookup', params, options);
  }

  /** DELETE /v1/verified_persons/{id}; `{scope: 'global'}` erases every organization's records. */
  del(personId, params = {}, options) {
    return this.delete(`/v1/verified_persons/${id(personId)}`, params, options);
  }
}

class ReuseSettings extends Resource {
  /** GET /v1/reuse_settings */
  retrieve(options) {
    return this.get('/v1/reuse_settings', undefined, options);
  }

  /** POST /v1/reuse_settings: `accept_reuse`, `max_age_days`, `same_jurisdiction`, `accepted_methods`. */
  update(params = {}, options) {
    return this.post('/v1/reuse_settings', params, options);
  }
}

class CredentialReuses extends Resource {
  /** GET /v1/credential_reuses: the newest `limit` reuses (this list has no cursor). */
  list(params = {}, options) {
    return this.get('/v1/credential_reuses', params, options);
  }
}

class Compliance extends Resource {
  /** GET /v1/compliance/check: `use_cases` (array or comma-separated), `jurisdiction`, `at`. */
  check(params = {}, options) {
    const query = { ...params };
    if (Array.isArray(query.use_cases)) {
      query.use_cases = query.use_cases.join(',');
    }
    return this.get('/v1/compliance/check', query, options);
  }
}

/**
 * The Stile API client.
 *
 *     const stile = new Stile(process.env.STILE_SECRET_KEY, { baseUrl: 'https://stile.example.com' });
 *     const session = await stile.verificationSessions.create({ type: 'age', use_case: 'alcohol_delivery' });
 */
export class Stile {
  /** Webhook signature verification; also available on instances. */
  static webhooks = webhooks;
  static errors = errors;
  static VERSION = VERSION;

  /**
   * @param {string} secretKey a `vk_test_` or `vk_live_` secret key
   * @param {object} [config] `baseUrl`, `timeout` (ms), `maxNetworkRetries` (alias `maxRetries`)
   */
  constructor(secretKey, config = {}) {
    const requester = new Requester(secretKey, config);
    Object.defineProperty(this, 'requester', { value: requester, enumerable: false });
    this.verificationSessions = new VerificationSessions(requester);
    this.events = new Events(requester);
    this.webhookEndpoints = new WebhookEndpoints(requester);
    this.verifiedPersons = new VerifiedPersons(requester);
    this.reuseSettings = new ReuseSettings(requester);
    this.credentialReuses = new CredentialReuses(requester);
    this.compliance = new Compliance(requester);
    this.webhooks = webhooks;
  }
}

export default Stile;
