// Type declarations for @stile/node. The object shapes follow the server's /v1/openapi.json.

/** Lets a known string union accept other strings the server may add later, keeping completions. */
type Open<T extends string> = T | (string & {});

export type VerificationMethod = Open<
  | 'mdl' | 'mid' | 'eudi_pid' | 'facial_age' | 'selfie_liveness' | 'selfie_match' | 'self_attestation'
  | 'document_capture' | 'carrier_lookup' | 'open_banking' | 'parental_consent' | 'student'>;
export type VerificationSessionStatus =
  | 'created' | 'pending' | 'processing' | 'requires_input' | 'verified' | 'failed' | 'cancelled' | 'expired';
export type VerificationSessionType = 'identity' | 'age' | 'student';
export type EventType = Open<
  | 'verification_session.created' | 'verification_session.processing' | 'verification_session.requires_input'
  | 'verification_session.verified' | 'verification_session.failed' | 'verification_session.cancelled'
  | 'verification_session.expired' | 'verification_session.consent_withdrawn'>;
export type ErrorType =
  | 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'idempotency_error'
  | 'rate_limit_error' | 'api_error';

/** What the last HTTP exchange of a call looked like; not enumerable on the returned object. */
export interface LastResponse {
  statusCode: number;
  headers: Record<string, string>;
  requestId?: string;
  idempotencyKey?: string;
  idempotentReplayed: boolean;
}
export type Response<T> = T & { readonly lastResponse: LastResponse };

export interface List<T> {
  object: 'list';
  url: string;
  has_more: boolean;
  data: T[];
}

/** Awaited: the first page. Iterated with `for await`: every object of every page. */
export interface ListPromise<T> extends Promise<Response<List<T>>>, AsyncIterable<T> {
  autoPagingToArray(options: { limit: number }): Promise<T[]>;
  autoPagingEach(onItem: (item: T) => void | boolean | Promise<void | boolean>): Promise<void>;
}

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

export interface RequestOptions {
  /** Sent as `Idempotency-Key` on a POST; one is generated when absent. */
  idempotencyKey?: string;
  /** Milliseconds per attempt. */
  timeout?: number;
  maxNetworkRetries?: number;
  headers?: Record<string, string>;
}

export interface ComplianceSummary {
  jurisdiction: string | null;
  use_case: string | null;
  age_tier: string | null;
  mdl_acceptance_status: Open<'full' | 'partial' | 'none'> | null;
  mdl_legally_recognized: boolean;
  physical_check_required: boolean;
  user_message: string | null;
  governing_regulator: string | null;
  rule_version: string | null;
}

export interface VerificationResult {
  id: string;
  object: 'verification_result';
  method: VerificationMethod;
  status: Open<'verified' | 'failed'>;
  age_verified: boolean | null;
  identity_verified: boolean | null;
  age_estimate: number | null;
  confidence: number | null;
  error_code: string | null;
  error_message: string | null;
  issuing_jurisdiction: string | null;
  institution: string | null;
  parent_verified_by: string | null;
  provider_name: string | null;
  processing_time_ms: number | null;
  created: number;
}

export interface VerificationSession {
  id: string;
  object: 'verification_session';
  status: VerificationSessionStatus;
  type: VerificationSessionType;
  methods: VerificationMethod[];
  current_method: VerificationMethod | null;
  client_reference_id: string | null;
  return_url: string | null;
  cancel_url: string | null;
  /** Pass to the browser (widget); absent once the session is finished. */
  client_secret: string | null;
  metadata: Record<string, string>;
  livemode: boolean;
  expires_at: number;
  completed_at: number | null;
  cancelled_at: number | null;
  created: number;
  updated: number;
  verification_path: string | null;
  use_case: string | null;
  age_tier: string | null;
  jurisdiction: string | null;
  ip_jurisdiction?: string | null;
  jurisdiction_mismatch?: boolean | null;
  physical_check_required: boolean;
  user_message: string | null;
  compliance: ComplianceSummary | null;
  /** Present when retrieved with `expand: ['results']`. */
  results?: VerificationResult[];
}

export interface VerificationSessionCreateParams {
  type?: VerificationSessionType;
  use_case?: string;
  methods?: VerificationMethod[];
  required_methods?: VerificationMethod[];
  jurisdiction?: string;
  delivery_jurisdiction?: string;
  return_url?: string;
  cancel_url?: string;
  client_reference_id?: string;
  metadata?: Record<string, string>;
  custom_user_message?: string;
  email?: string;
  phone?: string;
  accept_existing?: boolean;
  min_strength?: VerificationMethod;
  max_age?: string;
  skip_verification?: boolean;
  idempotency_key?: string;
}

export interface VerificationSessionListParams extends ListParams {
  status?: VerificationSessionStatus;
}

export interface Event {
  id: string;
  object: 'event';
  type: EventType;
  livemode: boolean;
  created: number;
  data: { object: VerificationSession };
}

export interface EventListParams extends ListParams {
  type?: EventType;
  session_id?: string;
  /** Unix seconds, inclusive. */
  created_after?: number;
  /** Unix seconds, exclusive. */
  created_before?: number;
}

export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  enabled_events: EventType[];
  description: string | null;
  metadata: Record<string, string>;
  status: Open<'enabled' | 'disabled'>;
  disabled_reason: string | null;
  livemode: boolean;
  created: number;
  /** Shown when the endpoint is created and when its secret is rolled. */
  secret?: string;
  previous_secret_expires_at?: number | null;
}

export interface WebhookEndpointCreateParams {
  url: string;
  enabled_events: EventType[];
  description?: string;
  metadata?: Record<string, string>;
}

export interface WebhookEndpointUpdateParams {
  url?: string;
  enabled_events?: EventType[];
  description?: string;
  metadata?: Record<string, string>;
  disabled?: boolean;
}

export interface WebhookDelivery {
  id: string;
  object: 'webhook_delivery';
  event: string;
  event_type: EventType;
  webhook_endpoint: string;
  status: string;
  attempt_count: number;
  attempts: { attempted_at: number; duration_ms: number | null; status_code: number | null; error: string | null }[];
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  completed_at: number | null;
  livemode: boolean;
  created: number;
}

export interface Deleted {
  id: string;
  object: string;
  deleted: true;
}

export interface VerifiedPersonLookupParams {
  email?: string;
  phone?: string;
  methods?: VerificationMethod[];
  min_strength?: VerificationMethod;
  /** Days, such as "30" or "30d". */
  max_age?: string;
}

export interface VerifiedPersonLookup {
  object: string;
  verified: boolean;
  verified_person_id: string | null;
  credentials: {
    method: VerificationMethod;
    strength: number;
    age_tier: string | null;
    jurisdiction: string | null;
    source: string;
    verified_at: number;
    expires_at: number | null;
  }[];
}

export interface ReuseSettings {
  object: string;
  accept_reuse: boolean;
  max_age_days: number;
  same_jurisdiction: boolean;
  accepted_methods: VerificationMethod[];
}

export interface CredentialReuse {
  id: string;
  object: string;
  credential_id: string;
  session_id: string;
  method: VerificationMethod;
  source_organization: string;
  created: number;
}

export interface ComplianceCheckParams {
  /** Use cases, as an array or a comma-separated string. */
  use_cases?: string[] | string;
  jurisdiction?: string;
  /** Unix seconds or an ISO date/date-time: the rules in force that day. */
  at?: string | number;
}

export interface ComplianceCheck {
  object: 'compliance_check';
  jurisdiction: string;
  jurisdiction_source: string;
  fallback_applied: boolean;
  as_of: string;
  results: Record<string, unknown>[];
  most_restrictive: Record<string, unknown>;
}

export interface StileConfig {
  /** Default http://localhost:3000. */
  baseUrl?: string;
  /** Milliseconds per attempt; default 80000. */
  timeout?: number;
  /** Retries of network errors, 409 idempotency conflicts, 429 and 5xx; default 2. */
  maxNetworkRetries?: number;
  /** Alias of maxNetworkRetries. */
  maxRetries?: number;
  /** Milliseconds; default 500. */
  initialNetworkRetryDelay?: number;
  /** Milliseconds; default 5000. */
  maxNetworkRetryDelay?: number;
  /** The longest Retry-After, in milliseconds, a 429 is retried after; default 60000. */
  maxRetryAfter?: number;
  /** A fetch implementation; default the global fetch. */
  fetch?: typeof fetch;
}

declare class VerificationSessions {
  create(params?: VerificationSessionCreateParams, options?: RequestOptions): Promise<Response<VerificationSession>>;
  retrieve(id: string, params?: { expand?: 'results'[] }, options?: RequestOptions): Promise<Response<VerificationSession>>;
  list(params?: VerificationSessionListParams, options?: RequestOptions): ListPromise<VerificationSession>;
  cancel(id: string, params?: Record<string, never>, options?: RequestOptions): Promise<Response<VerificationSession>>;
}

declare class Events {
  retrieve(id: string, options?: RequestOptions): Promise<Response<Event>>;
  list(params?: EventListParams, options?: RequestOptions): ListPromise<Event>;
  listDeliveries(id: string, params?: ListParams, options?: RequestOptions): ListPromise<WebhookDelivery>;
}

declare class WebhookEndpoints {
  create(params: WebhookEndpointCreateParams, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
  retrieve(id: string, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
  update(id: string, params: WebhookEndpointUpdateParams, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
  list(params?: ListParams, options?: RequestOptions): ListPromise<WebhookEndpoint>;
  del(id: string, options?: RequestOptions): Promise<Response<Deleted>>;
  rollSecret(id: string, params?: { grace_period_seconds?: number }, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
  listDeliveries(id: string, params?: ListParams, options?: RequestOptions): ListPromise<WebhookDelivery>;
}

declare class VerifiedPersons {
  lookup(params: VerifiedPersonLookupParams, options?: RequestOptions): Promise<Response<VerifiedPersonLookup>>;
  del(id: string, params?: { scope?: 'organization' | 'global' }, options?: RequestOptions): Promise<Response<Deleted>>;
}

declare class ReuseSettingsResource {
  retrieve(options?: RequestOptions): Promise<Response<ReuseSettings>>;
  update(params: Partial<Omit<ReuseSettings, 'object'>>, options?: RequestOptions): Promise<Response<ReuseSettings>>;
}

declare class CredentialReuses {
  list(params?: { limit?: number }, options?: RequestOptions): Promise<Response<List<CredentialReuse>>>;
}

declare class Compliance {
  check(params?: ComplianceCheckParams, options?: RequestOptions): Promise<Response<ComplianceCheck>>;
}

export interface Webhooks {
  readonly SIGNATURE_HEADER: 'Stile-Signature';
  readonly DEFAULT_TOLERANCE: 300;
  /** Verifies `Stile-Signature` over the raw body and returns the event. Throws StileSignatureVerificationError. */
  constructEvent(payload: string | Uint8Array, header: string | string[] | null | undefined, secret: string,
    tolerance?: number, now?: number): Event;
  verifyHeader(payload: string | Uint8Array, header: string | string[] | null | undefined, secret: string,
    tolerance?: number, now?: number): true;
  /** A Fetch API Request, or a Node IncomingMessage whose body is unread (or raw in `req.body`). */
  fromRequest(request: Request | import('node:http').IncomingMessage, secret: string, tolerance?: number): Promise<Event>;
  generateTestHeaderString(options: { payload: string | Uint8Array; secret?: string; secrets?: string[]; timestamp?: number }): string;
}

export declare const webhooks: Webhooks;
export declare const VERSION: string;

export interface StileErrorDetails {
  type?: ErrorType | 'connection_error';
  code?: string;
  param?: string;
  requestId?: string;
  statusCode?: number;
  headers?: Record<string, string>;
  raw?: { type: ErrorType; code: string; message: string; param?: string | null; request_id?: string };
}

export declare class StileError extends Error {
  constructor(message: string, details?: StileErrorDetails);
  readonly type?: ErrorType | 'connection_error';
  readonly code?: string;
  readonly param?: string;
  readonly requestId?: string;
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly raw?: StileErrorDetails['raw'];
}
export declare class StileInvalidRequestError extends StileError {}
export declare class StileAuthenticationError extends StileError {}
export declare class StilePermissionError extends StileError {}
export declare class StileIdempotencyError extends StileError {}
export declare class StileRateLimitError extends StileError {}
export declare class StileAPIError extends StileError {}
export declare class StileConnectionError extends StileError {}
export declare class StileSignatureVerificationError extends StileError {
  readonly header?: string;
  readonly payload?: string | Uint8Array;
}

export declare class Stile {
  constructor(secretKey: string, config?: StileConfig);
  static readonly webhooks: Webhooks;
  static readonly VERSION: string;
  static readonly errors: {
    StileError: typeof StileError;
    StileInvalidRequestError: typeof StileInvalidRequestError;
    StileAuthenticationError: typeof StileAuthenticationError;
    StilePermissionError: typeof StilePermissionError;
    StileIdempotencyError: typeof StileIdempotencyError;
    StileRateLimitError: typeof StileRateLimitError;
    StileAPIError: typeof StileAPIError;
    StileConnectionError: typeof StileConnectionError;
    StileSignatureVerificationError: typeof StileSignatureVerificationError;
  };
  readonly verificationSessions: VerificationSessions;
  readonly events: Events;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly verifiedPersons: VerifiedPersons;
  readonly reuseSettings: ReuseSettingsResource;
  readonly credentialReuses: CredentialReuses;
  readonly compliance: Compliance;
  readonly webhooks: Webhooks;
}

export default Stile;
