import { createHmac, timingSafeEqual } from 'node:crypto';
import { StileSignatureVerificationError } from './errors.js';

/** The header a delivery's signature travels in. */
export const SIGNATURE_HEADER = 'Stile-Signature';
/** How far, in seconds, a delivery's timestamp may be from this machine's clock by default. */
export const DEFAULT_TOLERANCE = 300;

const PARSED_BODY = 'The webhook body must be the raw request body (a string or Buffer), exactly as received: '
  + 'it was given as an already parsed object. Read it raw, e.g. express.raw({ type: "application/json" }), '
  + 'and parse it after the signature is verified.';

/**
 * The signature scheme of the server's dev.stile.webhook.WebhookSignature:
 * `Stile-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, with one
 * `v1` per signing secret while a secret is being rolled. The HMAC key is the whole secret,
 * `whsec_` prefix included.
 */
export const webhooks = {
  SIGNATURE_HEADER,
  DEFAULT_TOLERANCE,

  /**
   * Verifies the signature and returns the parsed event.
   * @param {string | Uint8Array} payload the raw request body
   * @param {string | string[] | undefined | null} header the `Stile-Signature` header
   * @param {string} secret the endpoint's `whsec_...` secret
   * @param {number} [tolerance] seconds the timestamp may be from now (default 300)
   * @param {number} [now] Unix seconds to check against (default: the clock)
   */
  constructEvent(payload, header, secret, tolerance = DEFAULT_TOLERANCE, now = undefined) {
    webhooks.verifyHeader(payload, header, secret, tolerance, now);
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    try {
      return JSON.parse(text);
    }
    catch (cause) {
      throw new StileSignatureVerificationError(`The signed webhook body is not JSON: ${cause.message}`,
        { header: String(header), payload });
    }
  },

  /**
   * Throws a StileSignatureVerificationError unless `header` signs `payload` with `secret`
   * within `tolerance` seconds of `now`; returns true otherwise.
   */
  verifyHeader(payload, header, secret, tolerance = DEFAULT_TOLERANCE, now = undefined) {
    if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
      throw new StileSignatureVerificationError(PARSED_BODY, { header: String(header) });
    }
    if (Array.isArray(header)) {
      header = header.join(',');
    }
    if (typeof secret !== 'string' || secret === '') {
      throw new StileSignatureVerificationError('The webhook endpoint secret (whsec_...) is needed');
    }
    if (typeof header !== 'string' || header.trim() === '') {
      throw new StileSignatureVerificationError(`No ${SIGNATURE_HEADER} header`, { payload });
    }
    let timestamp = null;
    const signatures = [];
    for (const part of header.split(',')) {
      const equals = part.indexOf('=');
      if (equals < 0) {
        continue;
      }
      const name = part.slice(0, equals).trim();
      const value = part.slice(equals + 1).trim();
      if (name === 't') {
        if (!/^[+-]?\d{1,19}$/.test(value)) {
          throw new StileSignatureVerificationError(`Malformed timestamp in ${SIGNATURE_HEADER}`, { header, payload });
        }
        timestamp = BigInt(value);
      }
      else if (name === 'v1') {
        signatures.push(value);
      }
    }
    if (timestamp === null || signatures.length === 0) {
      throw new StileSignatureVerificationError(
        `${SIGNATURE_HEADER} needs a t= timestamp and at least one v1= signature`, { header, payload });
    }
    const expected = Buffer.from(sign(payload, timestamp.toString(), secret), 'ascii');
    let matched = false;
    for (const signature of signatures) {
      const given = Buffer.from(signature, 'ascii');
      // Constant time, so that the comparison does not tell how much of a guess was right.
      matched = (given.length === expected.length && timingSafeEqual(given, expected)) || matched;
    }
    if (!matched) {
      const message = 'No v1 signature matches the payload and secret. Check the endpoint\'s whsec_ secret, and '
        + 'pass the raw request body exactly as received: a body parsed and serialized again '
        + '(e.g. JSON.stringify(req.body)) is not the signed bytes.';
      throw new StileSignatureVerificationError(message, { header, payload });
    }
    const seconds = BigInt(Math.floor(now ?? Date.now() / 1000));
    const age = seconds > timestamp ? seconds - timestamp : timestamp - seconds;
    if (age > BigInt(Math.floor(tolerance))) {
      throw new StileSignatureVerificationError(`Timestamp outside the tolerance of ${Math.floor(tolerance)}s`,
        { header, payload });
    }
    return true;
  },

  /**
   * Verifies a request and returns its event. Takes a Fetch API `Request` (or anything with
   * `text()` and `headers.get()`), or a Node `IncomingMessage` whose body has not been read.
   */
  async fromRequest(request, secret, tolerance = DEFAULT_TOLERANCE) {
    let payload;
    let header;
    if (typeof request?.text === 'function' && typeof request?.headers?.get === 'function') {
      header = request.headers.get(SIGNATURE_HEADER);
      payload = await request.text();
    }
    else if (request && typeof request === 'object' && request.headers) {
      header = request.headers[SIGNATURE_HEADER.toLowerCase()];
      if (request.body !== undefined) {
        // Body-parsing middleware has run: only its raw form can be verified.
        if (typeof request.body === 'string' || request.body instanceof Uint8Array) {
          payload = request.body;
        }
        else {
          throw new StileSignatureVerificationError(PARSED_BODY, { header });
        }
      }
      else {
        const chunks = [];
        for await (const chunk of request) {
          chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        }
        payload = Buffer.concat(chunks);
      }
    }
    else {
      throw new StileSignatureVerificationError('fromRequest needs a Fetch Request or a Node IncomingMessage');
    }
    return webhooks.constructEvent(payload, header, secret, tolerance);
  },

  /** A valid header for `payload`, for tests: one `v1` per secret, as during a roll. */
  generateTestHeaderString({ payload, secret, secrets, timestamp = Math.floor(Date.now() / 1000) }) {
    const all = secrets ?? [secret];
    return `t=${timestamp},` + all.map((s) => `v1=${sign(payload, String(timestamp), s)}`).join(',');
  },
};

function sign(payload, timestamp, secret) {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.`, 'utf8')
    .update(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload)
    .digest('hex');
}
