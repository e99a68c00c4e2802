import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Stile, StileSignatureVerificationError } from '../src/index.js';

const { webhooks } = Stile;

// Vectors made by the server's dev.stile.webhook.WebhookSignature.sign (the first is the
// README's): body, header, secret(s), signing time.
const SECRET = 'whsec_Ma3kQ9sT2vLr8xYp5nWc7bZd1fGh4jKe';
const PREVIOUS = 'whsec_previousSecretStillSigning01';
const README = {
  body: '{"id":"evt_1","object":"event","type":"verification_session.verified"}',
  header: 't=1741564800,v1=453134fa1bba29b200295c64ddd59372a053bdf26b12439563345d978ba6370f',
  t: 1741564800,
};
const ROLL = {
  body: '{"id":"evt_2","data":{"object":{"metadata":{"name":"Zoë 東京 🍷"}}}}',
  header: 't=1765324800,v1=2dee124c49769fa80747b9b9cfb565b7e1ec1bddd6f87ff8f02e8e45092aec93,'
    + 'v1=83c27a37687739a672390a7dd5e83620b381431b8878ba7a316fb0931c084a63',
  t: 1765324800,
};
const EMPTY = {
  body: '',
  header: 't=1700000000,v1=e0c6870716c27ae2587423d7f521ba65348a148d8ccec63c4d68aef3c7734d7d',
  secret: 'whsec_ü',
  t: 1700000000,
};

test('accepts the README vector, from a string or a Buffer', () => {
  const event = webhooks.constructEvent(README.body, README.header, SECRET, 300, README.t + 299);
  assert.deepEqual(event, { id: 'evt_1', object: 'event', type: 'verification_session.verified' });
  assert.equal(webhooks.constructEvent(Buffer.from(README.body), README.header, SECRET, 300, README.t - 300).id, 'evt_1');
  assert.equal(webhooks.constructEvent(new TextEncoder().encode(README.body), README.header, SECRET, 300, README.t).id, 'evt_1');
});

test('during a secret roll either secret verifies; non-ASCII bodies are signed as UTF-8', () => {
  assert.equal(webhooks.constructEvent(ROLL.body, ROLL.header, SECRET, 300, ROLL.t).id, 'evt_2');
  assert.equal(webhooks.constructEvent(ROLL.body, ROLL.header, PREVIOUS, 300, ROLL.t).id, 'evt_2');
  assert.equal(webhooks.verifyHeader(Buffer.from(ROLL.body), ROLL.header, PREVIOUS, 300, ROLL.t), true);
  assert.throws(() => webhooks.verifyHeader(ROLL.body, ROLL.header, 'whsec_other', 300, ROLL.t),
    StileSignatureVerificationError);
});

test('an empty body and a non-ASCII secret match the server', () => {
  assert.equal(webhooks.verifyHeader(EMPTY.body, EMPTY.header, EMPTY.secret, 300, EMPTY.t), true);
});

test('the header the helper generates is the server\'s', () => {
  assert.equal(webhooks.generateTestHeaderString({ payload: README.body, secret: SECRET, timestamp: README.t }),
    README.header);
  assert.equal(webhooks.generateTestHeaderString({ payload: ROLL.body, secrets: [SECRET, PREVIOUS], timestamp: ROLL.t }),
    ROLL.header);
});

test('timestamps outside the tolerance are refused, either side', () => {
  assert.throws(() => webhooks.constructEvent(README.body, README.header, SECRET, 300, README.t + 301),
    { name: 'StileSignatureVerificationError', message: /tolerance of 300s/ });
  assert.throws(() => webhooks.constructEvent(README.body, README.header, SECRET, 300, README.t - 301),
    /tolerance/);
  assert.equal(webhooks.verifyHeader(README.body, README.header, SECRET, 10_000_000_000), true);
});

test('a tampered body, a wrong secret or a wrong signature is refused and says to pass the raw body', () => {
  assert.throws(() => webhooks.constructEvent(README.body + ' ', README.header, SECRET, 300, README.t),
    { message: /No v1 signature matches.*raw request body/ });
  assert.throws(() => webhooks.constructEvent(README.body, README.header, SECRET + 'x', 300, README.t),
    StileSignatureVerificationError);
  const truncated = README.header.slice(0, -1);
  assert.throws(() => webhooks.constructEvent(README.body, truncated, SECRET, 300, README.t), /No v1 signature/);
  const upper = README.header.replace(/v1=(\w+)/, (_, hex) => `v1=${hex.toUpperCase()}`);
  assert.throws(() => webhooks.constructEvent(README.body, upper, SECRET, 300, README.t), /No v1 signature/);
});

test('a parsed body is refused with a clear message', () => {
  assert.throws(() => webhooks.constructEvent(JSON.parse(README.body), README.header, SECRET, 300, README.t),
    { name: 'StileSignatureVerificationError', message: /raw request body.*already parsed object/ });
});

test('malformed headers are refused the way the server refuses them', () => {
  const check = (header, pattern) => assert.throws(
    () => webhooks.verifyHeader(README.body, header, SECRET, 300, README.t), pattern);
  check(undefined, /No Stile-Signature header/);
  check('  ', /No Stile-Signature header/);
  check('t=abc,v1=00', /Malformed timestamp/);
  check('t=1741564800', /needs a t= timestamp and at least one v1=/);
  check('v1=453134fa1bba29b200295c64ddd59372a053bdf26b12439563345d978ba6370f', /needs a t=/);
  check('t=1741564800,v0=453134fa1bba29b200295c64ddd59372a053bdf26b12439563345d978ba6370f', /at least one v1=/);
  // Unknown parts and spaces are ignored, as by the server.
  const spaced = ` t = 1741564800 , x , v2=ff, v1 = ${README.header.split('v1=')[1]} `;
  assert.equal(webhooks.verifyHeader(README.body, spaced, SECRET, 300, README.t), true);
  // A leading zero is the same number (the server signs Long.toString of it).
  assert.equal(webhooks.verifyHeader(README.body, README.header.replace('t=', 't=0'), SECRET, 300, README.t), true);
});

test('fromRequest reads a Fetch Request or an unread Node request, and refuses a parsed body', async () => {
  const fetchRequest = new Request('http://localhost/hook', {
    method: 'POST', body: ROLL.body,
    headers: { 'Stile-Signature': webhooks.generateTestHeaderString({ payload: ROLL.body, secret: SECRET }) },
  });
  assert.equal((await webhooks.fromRequest(fetchRequest, SECRET)).id, 'evt_2');

  const nodeRequest = Readable.from([Buffer.from(ROLL.body.slice(0, 20)), Buffer.from(ROLL.body.slice(20))]);
  nodeRequest.headers = { 'stile-signature': webhooks.generateTestHeaderString({ payload: ROLL.body, secret: SECRET }) };
  assert.equal((await webhooks.fromRequest(nodeRequest, SECRET)).id, 'evt_2');

  const parsed = { headers: { 'stile-signature': README.header }, body: JSON.parse(README.body) };
  await assert.rejects(webhooks.fromRequest(parsed, SECRET), /raw request body/);
});
