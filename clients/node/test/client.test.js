import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import {
  Stile, StileError, StileAPIError, StileAuthenticationError, StileConnectionError, StileIdempotencyError,
  StileInvalidRequestError, StilePermissionError, StileRateLimitError,
} from '../src/index.js';

// A fake Stile: each test queues the answers it wants; every request is recorded.
let answers = [];
let requests = [];
let server;
let baseUrl;

before(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) {
      body += chunk;
    }
    const url = new URL(req.url, 'http://localhost');
    requests.push({ method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers, body });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (typeof answer === 'function') {
      return answer(req, res, url);
    }
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', 'Request-Id': 'req_fake', ...answer.headers });
    res.end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((resolve) => server.close(resolve)));

function client(config = {}) {
  answers = [];
  requests = [];
  const delays = [];
  const stile = new Stile('vk_test_123', {
    baseUrl, initialNetworkRetryDelay: 1, maxNetworkRetryDelay: 4, sleep: async (ms) => { delays.push(ms); }, ...config,
  });
  return { stile, delays };
}

const envelope = (type, code, extra = {}) => ({ error: { type, code, message: `${code} happened`, request_id: 'req_env', ...extra } });
const SESSION = { id: 'vks_1', object: 'verification_session', status: 'created' };

test('a create sends the key, a JSON body and an idempotency key, and returns the object', async () => {
  const { stile } = client();
  answers = [{ body: SESSION, headers: { 'Idempotent-Replayed': 'false' } }];
  const session = await stile.verificationSessions.create({ type: 'age', use_case: 'alcohol_delivery', methods: ['mdl'] });
  assert.deepEqual({ ...session }, SESSION);
  assert.equal(session.lastResponse.requestId, 'req_fake');
  const [sent] = requests;
  assert.equal(sent.method, 'POST');
  assert.equal(sent.path, '/v1/verification_sessions');
  assert.equal(sent.headers.authorization, 'Bearer vk_test_123');
  assert.equal(sent.headers['content-type'], 'application/json');
  assert.match(sent.headers['user-agent'], /^stile-node\//);
  assert.match(sent.headers['idempotency-key'], /^stile-node-retry-[0-9a-f-]{36}$/);
  assert.equal(session.lastResponse.idempotencyKey, sent.headers['idempotency-key']);
  assert.deepEqual(JSON.parse(sent.body), { type: 'age', use_case: 'alcohol_delivery', methods: ['mdl'] });
});

test('the idempotency key can be given; GETs and DELETEs carry none', async () => {
  const { stile } = client();
  answers = [{ body: SESSION }];
  await stile.verificationSessions.create({ type: 'age' }, { idempotencyKey: 'order-42' });
  await stile.verificationSessions.retrieve('vks_1', { expand: ['results'] });
  await stile.webhookEndpoints.del('we_1');
  assert.equal(requests[0].headers['idempotency-key'], 'order-42');
  await stile.verificationSessions.create({ type: 'age', idempotency_key: 'order-43' });
  assert.equal(requests.pop().headers['idempotency-key'], 'order-43', 'the body\'s key is the header\'s');
  assert.equal(requests[1].headers['idempotency-key'], undefined);
  assert.equal(requests[1].path, '/v1/verification_sessions/vks_1');
  assert.deepEqual(requests[1].query.getAll('expand[]'), ['results']);
  assert.equal(requests[2].method, 'DELETE');
  assert.equal(requests[2].headers['idempotency-key'], undefined);
});

test('5xx is retried with backoff and the same idempotency key', async () => {
  const { stile, delays } = client();
  answers = [{ status: 500, body: envelope('api_error', 'internal_error') }, { status: 503, body: {} }, { body: SESSION }];
  const session = await stile.verificationSessions.cancel('vks_1');
  assert.equal(session.id, 'vks_1');
  assert.equal(requests.length, 3);
  assert.equal(new Set(requests.map((r) => r.headers['idempotency-key'])).size, 1);
  assert.equal(requests[0].path, '/v1/verification_sessions/vks_1/cancel');
  assert.equal(delays.length, 2);
  assert.ok(delays[0] >= 0.5 && delays[0] <= 1, `first delay ${delays[0]}`);
  assert.ok(delays[1] >= 1 && delays[1] <= 2, `second delay ${delays[1]}`);
});

test('after maxNetworkRetries the last error is thrown, typed', async () => {
  const { stile } = client({ maxNetworkRetries: 1 });
  answers = [{ status: 500, body: envelope('api_error', 'internal_error') }];
  const error = await stile.events.retrieve('evt_1').catch((e) => e);
  assert.ok(error instanceof StileAPIError && error instanceof StileError);
  assert.equal(error.statusCode, 500);
  assert.equal(error.code, 'internal_error');
  assert.equal(error.requestId, 'req_env');
  assert.equal(requests.length, 2);
});

test('maxRetries is an alias and 0 turns retries off', async () => {
  const { stile } = client({ maxRetries: 0 });
  answers = [{ status: 502, body: 'not json' }];
  await assert.rejects(stile.events.retrieve('evt_1'), (e) => e instanceof StileAPIError && e.requestId === 'req_fake');
  assert.equal(requests.length, 1);
});

test('429 waits for Retry-After, then retries', async () => {
  const { stile, delays } = client();
  answers = [{ status: 429, headers: { 'Retry-After': '2' }, body: envelope('rate_limit_error', 'rate_limit_exceeded') },
    { body: { object: 'list', data: [], has_more: false } }];
  const page = await stile.events.list({ type: 'verification_session.verified' });
  assert.deepEqual(page.data, []);
  assert.deepEqual(delays, [2000]);
  assert.equal(requests[1].query.get('type'), 'verification_session.verified');
});

test('429 with no Retry-After backs off; one asking for longer than maxRetryAfter is not retried', async () => {
  const { stile, delays } = client({ maxRetryAfter: 5_000 });
  answers = [{ status: 429, body: envelope('rate_limit_error', 'rate_limit_exceeded') }, { body: SESSION }];
  await stile.verificationSessions.retrieve('vks_1');
  assert.equal(delays.length, 1);

  answers = [{ status: 429, headers: { 'Retry-After': '60' }, body: envelope('rate_limit_error', 'rate_limit_exceeded') }];
  requests = [];
  const error = await stile.verificationSessions.retrieve('vks_1').catch((e) => e);
  assert.ok(error instanceof StileRateLimitError);
  assert.equal(error.headers['retry-after'], '60');
  assert.equal(requests.length, 1);
});

test('a 409 idempotency conflict is retried; other 409s and 4xx are not', async () => {
  const { stile } = client();
  answers = [{ status: 409, body: envelope('idempotency_error', 'idempotency_key_in_use') }, { body: SESSION }];
  await stile.verificationSessions.create({}, { idempotencyKey: 'k' });
  assert.equal(requests.length, 2);
  assert.deepEqual(requests.map((r) => r.headers['idempotency-key']), ['k', 'k']);

  for (const [status, body, Type] of [
    [409, envelope('invalid_request_error', 'session_not_open'), StileInvalidRequestError],
    [400, envelope('idempotency_error', 'idempotency_key_reused'), StileIdempotencyError],
    [400, envelope('invalid_request_error', 'parameter_invalid', { param: 'jurisdiction' }), StileInvalidRequestError],
    [401, envelope('authentication_error', 'api_key_invalid'), StileAuthenticationError],
    [403, envelope('permission_error', 'livemode_mismatch'), StilePermissionError],
    [404, envelope('invalid_request_error', 'resource_missing'), StileInvalidRequestError],
  ]) {
    requests = [];
    answers = [{ status, body }];
    const error = await stile.verificationSessions.create({}).catch((e) => e);
    assert.ok(error instanceof Type, `${status} ${body.error.code} gives ${error.constructor.name}`);
    assert.equal(error.type, body.error.type);
    assert.equal(error.code, body.error.code);
    assert.equal(error.param, body.error.param);
    assert.equal(error.statusCode, status);
    assert.equal(error.message, `${body.error.code} happened`);
    assert.equal(requests.length, 1, `${status} ${body.error.code} is not retried`);
  }
});

test('a dropped connection is retried; an unreachable server is a StileConnectionError', async () => {
  const { stile } = client();
  answers = [(req) => req.socket.destroy(), { body: SESSION }];
  assert.equal((await stile.verificationSessions.create({})).id, 'vks_1');
  assert.equal(requests.length, 2);
  assert.equal(requests[0].headers['idempotency-key'], requests[1].headers['idempotency-key']);

  requests = [];
  answers = [(req, res) => { res.writeHead(200, { 'Content-Length': '100' }); res.write('{"id":'); setTimeout(() => res.destroy(), 10); },
    { body: SESSION }];
  assert.equal((await stile.verificationSessions.retrieve('vks_1')).id, 'vks_1', 'a body cut short is retried');
  assert.equal(requests.length, 2);

  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = closed.address().port;
  await new Promise((resolve) => closed.close(resolve));
  const unreachable = new Stile('vk_test_123', { baseUrl: `http://127.0.0.1:${port}`, maxNetworkRetries: 1, sleep: async () => {} });
  await assert.rejects(unreachable.events.retrieve('evt_1'),
    (e) => e instanceof StileConnectionError && e.code === 'ECONNREFUSED' && /1 retries/.test(e.message));
});

test('a request that outlasts the timeout is retried, then fails as a timeout', async () => {
  const { stile } = client({ timeout: 50, maxNetworkRetries: 1 });
  answers = [(req, res) => setTimeout(() => res.end('{}'), 300)];
  const error = await stile.events.retrieve('evt_1').catch((e) => e);
  assert.ok(error instanceof StileConnectionError);
  assert.equal(error.code, 'timeout');
  assert.equal(requests.length, 2);
});

test('a list is a promise of its first page and an async iterator over every page', async () => {
  const { stile } = client();
  const all = Array.from({ length: 5 }, (_, i) => ({ id: `vks_${5 - i}`, object: 'verification_session' }));
  answers = [(req, res, url) => {
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const after = url.searchParams.get('starting_after');
    const start = after ? all.findIndex((s) => s.id === after) + 1 : 0;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', url: '/v1/verification_sessions', has_more: start + limit < all.length,
      data: all.slice(start, start + limit) }));
  }];
  const list = stile.verificationSessions.list({ limit: 2, status: 'created' });
  assert.equal(requests.length, 0, 'nothing is sent before the list is used');
  const first = await list;
  assert.deepEqual(first.data.map((s) => s.id), ['vks_5', 'vks_4']);
  assert.equal(first.has_more, true);

  requests = [];
  const ids = [];
  for await (const session of stile.verificationSessions.list({ limit: 2, status: 'created' })) {
    ids.push(session.id);
  }
  assert.deepEqual(ids, ['vks_5', 'vks_4', 'vks_3', 'vks_2', 'vks_1']);
  assert.deepEqual(requests.map((r) => r.query.get('starting_after')), [null, 'vks_4', 'vks_2']);
  assert.ok(requests.every((r) => r.query.get('status') === 'created' && r.query.get('limit') === '2'));

  requests = [];
  const three = await stile.verificationSessions.list({ limit: 2 }).autoPagingToArray({ limit: 3 });
  assert.deepEqual(three.map((s) => s.id), ['vks_5', 'vks_4', 'vks_3']);
  assert.equal(requests.length, 2);
  await assert.rejects(stile.verificationSessions.list().autoPagingToArray({}), /positive integer limit/);

  const seen = [];
  await stile.webhookEndpoints.list({ limit: 4 }).autoPagingEach((e) => { seen.push(e.id); return seen.length < 2 ? undefined : false; });
  assert.deepEqual(seen, ['vks_5', 'vks_4']);
});

test('the other resources call the server\'s paths', async () => {
  const { stile } = client();
  answers = [{ body: { object: 'x' } }];
  await stile.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['verification_session.verified'] });
  await stile.webhookEndpoints.retrieve('we_1');
  await stile.webhookEndpoints.update('we_1', { disabled: false });
  await stile.webhookEndpoints.rollSecret('we_1');
  await stile.webhookEndpoints.listDeliveries('we_1');
  await stile.events.listDeliveries('evt_1');
  await stile.verifiedPersons.lookup({ email: 'a@example.com' });
  await stile.verifiedPersons.del('vp_1', { scope: 'global' });
  await stile.reuseSettings.retrieve();
  await stile.reuseSettings.update({ accept_reuse: true });
  await stile.credentialReuses.list({ limit: 3 });
  await stile.compliance.check({ use_cases: ['alcohol_delivery', 'tobacco'], jurisdiction: 'US-CA' });
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path}${r.query.size ? '?' + r.query : ''}`), [
    'POST /v1/webhook_endpoints',
    'GET /v1/webhook_endpoints/we_1',
    'POST /v1/webhook_endpoints/we_1',
    'POST /v1/webhook_endpoints/we_1/roll_secret',
    'GET /v1/webhook_endpoints/we_1/deliveries',
    'GET /v1/events/evt_1/deliveries',
    'POST /v1/verified_person/lookup',
    'DELETE /v1/verified_persons/vp_1?scope=global',
    'GET /v1/reuse_settings',
    'POST /v1/reuse_settings',
    'GET /v1/credential_reuses?limit=3',
    'GET /v1/compliance/check?use_cases=alcohol_delivery%2Ctobacco&jurisdiction=US-CA',
  ]);
  assert.deepEqual(JSON.parse(requests[0].body).enabled_events, ['verification_session.verified']);
  assert.throws(() => stile.verificationSessions.retrieve(''), /object id/);
  assert.equal((await stile.events.retrieve('evt/../x').catch(() => null), requests.at(-1).path), '/v1/events/evt%2F..%2Fx');
});

test('a missing key is refused up front; the base URL may end in a slash', async () => {
  assert.throws(() => new Stile(''), /secret API key/);
  assert.throws(() => new Stile(undefined), /secret API key/);
  const { stile } = client({ baseUrl: `${baseUrl}/` });
  answers = [{ body: SESSION }];
  await stile.verificationSessions.retrieve('vks_1');
  assert.equal(requests[0].path, '/v1/verification_sessions/vks_1');
  assert.equal(typeof Stile.webhooks.constructEvent, 'function');
  assert.equal(stile.webhooks, Stile.webhooks);
});
