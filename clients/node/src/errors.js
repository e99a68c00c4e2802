/**
 * Errors thrown by the client. An API error is a {@link StileError} subclass chosen by the
 * envelope's `type`; it carries the envelope's `code`, `param` and `request_id`.
 */

export class StileError extends Error {
  /**
   * @param {string} message
   * @param {object} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = new.target.name;
    /** The envelope's `type`, such as `invalid_request_error`. */
    this.type = details.type;
    /** The envelope's machine-readable `code`, such as `parameter_invalid`. */
    this.code = details.code;
    /** The request parameter the error is about, if any. */
    this.param = details.param;
    /** The `Request-Id` of the failed request: quote it when asking for help. */
    this.requestId = details.requestId;
    /** The HTTP status, when the server answered. */
    this.statusCode = details.statusCode;
    /** The response headers, when the server answered. */
    this.headers = details.headers;
    /** The parsed error envelope's `error` object, when the server sent one. */
    this.raw = details.raw;
  }

  /**
   * The error for a failed response.
   * @param {number} statusCode
   * @param {any} body the parsed response body, or undefined when it was not JSON
   * @param {Record<string, string>} headers
   */
  static fromResponse(statusCode, body, headers) {
    const error = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : null;
    const type = error?.type ?? (statusCode >= 500 ? 'api_error' : undefined);
    const details = {
      type,
      code: error?.code,
      param: error?.param ?? undefined,
      requestId: error?.request_id ?? headers['request-id'],
      statusCode,
      headers,
      raw: error ?? undefined,
    };
    const message = error?.message ?? `The server answered HTTP ${statusCode} without an error envelope`;
    const Type = ERROR_TYPES[type] ?? (statusCode === 401 ? StileAuthenticationError
      : statusCode === 403 ? StilePermissionError
        : statusCode === 429 ? StileRateLimitError
          : statusCode >= 500 ? StileAPIError : StileInvalidRequestError);
    return new Type(message, details);
  }
}

/** A parameter is missing or invalid, or the object does not exist (`invalid_request_error`). */
export class StileInvalidRequestError extends StileError {}
/** The API key is missing, malformed or revoked (`authentication_error`). */
export class StileAuthenticationError extends StileError {}
/** The key may not do this (`permission_error`). */
export class StilePermissionError extends StileError {}
/** An idempotency key was reused with other parameters (`idempotency_error`). */
export class StileIdempotencyError extends StileError {}
/** Too many requests (`rate_limit_error`); the client already retried with backoff. */
export class StileRateLimitError extends StileError {}
/** The server failed (`api_error`); the client already retried with backoff. */
export class StileAPIError extends StileError {}
/** The request never got an answer: connection refused or reset, DNS failure, timeout. */
export class StileConnectionError extends StileError {}
/** A webhook's `Stile-Signature` does not hold for the payload and secret. */
export class StileSignatureVerificationError extends StileError {
  /**
   * @param {string} message
   * @param {{header?: string, payload?: string | Uint8Array}} [details]
   */
  constructor(message, details = {}) {
    super(message, {});
    this.header = details.header;
    this.payload = details.payload;
  }
}

const ERROR_TYPES = {
  invalid_request_error: StileInvalidRequestError,
  authentication_error: StileAuthenticationError,
  permission_error: StilePermissionError,
  idempotency_error: StileIdempotencyError,
  rate_limit_error: StileRateLimitError,
  api_error: StileAPIError,
};
