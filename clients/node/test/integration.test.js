// Runs against a real Stile server when STILE_SDK_BASE_URL and STILE_SDK_SECRET_KEY (a test-mode
// secret key) are set; skipped otherwise. It creates sessions and a webhook endpoint pointing at
// a local receiver, so the server must be allowed to deliver to loopback addresses (test mode,
// stile.webhooks.test-private-targets, the default) and reach this machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import {
  Stile, StileAuthenticationError, StileInvalidRequestError, StileIdempotencyError,
} from '../src/index.js';

const baseUrl = process.env.STILE_SDK_BASE_URL;
const secretKey = process.env.STILE_SDK_SECRET_KEY;
const skip = !(baseUrl && secretKey) && 'set STILE_SDK_BASE_URL and STILE_SDK_SECRET_KEY to run against a server';
const stile = skip ? null : new Stile(secretKey, { baseUrl });

// A webhook receiver on this machine: every delivery, raw.
const deliveries = [];
let receiver;
let receiverUrl;
let endpoint;

before(async () => {
  if (skip) {
    return;
  }
  receiver = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) {
      chunks.push(chunk);
    }
    deliveries.push({ body: Buffer.concat(chunks), header: req.headers['stile-signature'] });
    res.end('ok');
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://localhost:${receiver.address().port}/stile/webhooks`;
});

after(async () => {
  if (endpoint) {
    await stile.webhookEndpoints.del(endpoint.id).catch(() => {});
  }
  if (receiver) {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

async function deliveryOf(eventType, sessionId, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = deliveries.find((d) => {
      const event = JSON.parse(d.body.toString('utf8'));
      return event.type === eventType && event.data?.object?.id === sessionId;
    });
    if (found) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${eventType} delivery for ${sessionId} within ${timeoutMs}ms`);
}

test('the documentation\'s example creates a session; retrieve, list and cancel it', { skip }, async () => {
  const session = await stile.verificationSessions.create({
    type: 'age',
    use_case: 'alcohol_delivery',
    methods: ['mdl', 'facial_age'],
    return_url: 'https://yourapp.com/done',
    client_reference_id: 'user_123',
  });
  assert.match(session.id, /^vks_/);
  assert.equal(session.object, 'verification_session');
  assert.equal(session.status, 'created');
  assert.equal(session.livemode, false);
  assert.equal(typeof session.client_secret, 'string');
  assert.match(session.lastResponse.requestId, /^req_/);

  const retrieved = await stile.verificationSessions.retrieve(session.id, { expand: ['results'] });
  assert.equal(retrieved.id, session.id);
  assert.ok(Array.isArray(retrieved.results));

  const ids = [];
  for await (const listed of stile.verificationSessions.list({ limit: 1 })) {
    ids.push(listed.id);
    if (ids.length === 3) {
      break;
    }
  }
  assert.equal(ids[0], session.id, 'newest first');
  assert.equal(new Set(ids).size, ids.length, 'pages do not repeat');

  const cancelled = await stile.verificationSessions.cancel(session.id);
  assert.equal(cancelled.status, 'cancelled');
});

test('a repeated create with the same idempotency key answers the first session', { skip }, async () => {
  const key = `sdk-test-${Date.now()}-${Math.random()}`;
  const params = { type: 'age', use_case: 'alcohol_delivery', client_reference_id: 'user_idem' };
  const first = await stile.verificationSessions.create(params, { idempotencyKey: key });
  const second = await stile.verificationSessions.create(params, { idempotencyKey: key });
  assert.equal(second.id, first.id);
  assert.equal(second.lastResponse.idempotentReplayed, true);
  const bodyKey = { ...params, idempotency_key: `${key}-body` };
  const third = await stile.verificationSessions.create(bodyKey);
  assert.equal((await stile.verificationSessions.create(bodyKey)).id, third.id, 'the API\'s idempotency_key parameter works too');
  await assert.rejects(stile.verificationSessions.create({ ...params, client_reference_id: 'other' }, { idempotencyKey: key }),
    (e) => e instanceof StileIdempotencyError && e.code === 'idempotency_key_reused');
});

test('errors are typed and carry code, param and request id', { skip }, async () => {
  const invalid = await stile.verificationSessions.create({ type: 'age', use_case: 'alcohol_delivery', jurisdiction: 'california' })
    .catch((e) => e);
  assert.ok(invalid instanceof StileInvalidRequestError, invalid.stack);
  assert.equal(invalid.statusCode, 400);
  assert.equal(invalid.param, 'jurisdiction');
  assert.match(invalid.requestId, /^req_/);

  const missing = await stile.events.retrieve('evt_doesnotexist').catch((e) => e);
  assert.ok(missing instanceof StileInvalidRequestError);
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.code, 'resource_missing');

  const unauthenticated = await new Stile('vk_test_wrong', { baseUrl }).events.list().catch((e) => e);
  assert.ok(unauthenticated instanceof StileAuthenticationError);
  assert.equal(unauthenticated.statusCode, 401);
});

test('a webhook the server delivers verifies with the SDK, also during a secret roll', { skip }, async () => {
  endpoint = await stile.webhookEndpoints.create({
    url: receiverUrl,
    enabled_events: ['verification_session.created', 'verification_session.cancelled'],
    description: 'Node SDK test',
  });
  assert.match(endpoint.secret, /^whsec_/);
  assert.equal((await stile.webhookEndpoints.retrieve(endpoint.id)).url, receiverUrl);
  const updated = await stile.webhookEndpoints.update(endpoint.id, { description: 'Node SDK test, updated' });
  assert.equal(updated.description, 'Node SDK test, updated');
  const listed = await stile.webhookEndpoints.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  assert.ok(listed.some((e) => e.id === endpoint.id));

  const session = await stile.verificationSessions.create({ type: 'age', use_case: 'alcohol_delivery' });
  const created = await deliveryOf('verification_session.created', session.id);
  const event = Stile.webhooks.constructEvent(created.body, created.header, endpoint.secret);
  assert.equal(event.type, 'verification_session.created');
  assert.equal(event.data.object.id, session.id);
  assert.throws(() => Stile.webhooks.constructEvent(JSON.parse(created.body), created.header, endpoint.secret),
    /raw request body/);
  assert.equal((await stile.events.retrieve(event.id)).id, event.id);
  const events = await stile.events.list({ session_id: session.id });
  assert.ok(events.data.some((e) => e.id === event.id));

  const rolled = await stile.webhookEndpoints.rollSecret(endpoint.id);
  assert.match(rolled.secret, /^whsec_/);
  assert.notEqual(rolled.secret, endpoint.secret);
  await stile.verificationSessions.cancel(session.id);
  const cancelled = await deliveryOf('verification_session.cancelled', session.id);
  assert.ok((cancelled.header.match(/v1=/g) ?? []).length >= 2, `two signatures while rolling: ${cancelled.header}`);
  assert.equal(Stile.webhooks.constructEvent(cancelled.body, cancelled.header, rolled.secret).type, 'verification_session.cancelled');
  assert.equal(Stile.webhooks.constructEvent(cancelled.body, cancelled.header, endpoint.secret).type, 'verification_session.cancelled');

  const deleted = await stile.webhookEndpoints.del(endpoint.id);
  assert.equal(deleted.deleted, true);
  endpoint = null;
});

test('compliance check, reuse settings and verified person lookup answer', { skip }, async () => {
  const check = await stile.compliance.check({ use_cases: ['alcohol_delivery'], jurisdiction: 'US-CA' });
  assert.equal(check.object, 'compliance_check');
  const settings = await stile.reuseSettings.retrieve();
  assert.equal(typeof settings.accept_reuse, 'boolean');
  const lookup = await stile.verifiedPersons.lookup({ email: 'nobody@example.com' });
  assert.equal(lookup.verified, false);
  const reuses = await stile.credentialReuses.list({ limit: 1 });
  assert.equal(reuses.object, 'list');
});
