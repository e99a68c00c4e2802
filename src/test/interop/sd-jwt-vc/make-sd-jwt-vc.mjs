// Makes SD-JWT VC presentations with an implementation independent of the server's
// (@sd-jwt/sd-jwt-vc, keys and signatures from node's crypto, certificates from the
// openssl command line), for SdJwtVcInteropTests. Run once and commit the output:
//
//   npm install && npm run make
//
// It writes ../../resources/credential/interop/sd-jwt-vc-js.json: the PID provider's
// root certificate (the test's trust anchor), the audience and nonce the key binding
// answers, the instant `at` to judge at, and the presentations.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { digest, ES256, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';

const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, '../../resources/credential/interop/sd-jwt-vc-js.json');
const clientId = 'x509_hash:QBM6i5VhFJxwXW0E7NUF2tnKB1v1MXcC3HmE1LaHZqg';
const nonce = 'interop-nonce-7f3c2a91d4e8';

// The PKI: a PID provider's root (CA, keyCertSign) and the issuer certificate it signs
// (digitalSignature), both P-256.
const work = mkdtempSync(join(tmpdir(), 'sd-jwt-vc-'));
const file = (name) => join(work, name);
const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('root.key'));
openssl('req', '-x509', '-new', '-key', file('root.key'), '-subj', '/CN=Interop PID Provider Root/C=DE',
  '-days', '3650', '-sha256',
  '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
  '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  '-out', file('root.pem'));
openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('issuer.key'));
openssl('req', '-new', '-key', file('issuer.key'), '-subj', '/CN=Interop PID Issuer/C=DE', '-out', file('issuer.csr'));
writeFileSync(file('issuer.ext'), [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
].join('\n'));
openssl('x509', '-req', '-in', file('issuer.csr'), '-CA', file('root.pem'), '-CAkey', file('root.key'),
  '-set_serial', '0x' + Date.now().toString(16), '-days', '730', '-sha256', '-extfile', file('issuer.ext'),
  '-out', file('issuer.pem'));

const rootPem = readFileSync(file('root.pem'), 'utf8');
const issuerCertificate = new X509Certificate(readFileSync(file('issuer.pem')));
const issuerJwk = createPrivateKey(readFileSync(file('issuer.key'))).export({ format: 'jwk' });
rmSync(work, { recursive: true, force: true });

const holder = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const holderPrivateJwk = holder.privateKey.export({ format: 'jwk' });
const holderPublicJwk = holder.publicKey.export({ format: 'jwk' });

const sdjwt = new SDJwtVcInstance({
  signer: await ES256.getSigner(issuerJwk),
  signAlg: ES256.alg,
  hasher: digest,
  hashAlg: 'sha-256',
  saltGenerator: generateSalt,
  kbSigner: await ES256.getSigner(holderPrivateJwk),
  kbSignAlg: ES256.alg,
});

const at = Math.floor(Date.now() / 1000);
const pid = {
  iss: 'https://pid-issuer.interop.example',
  iat: at - 3600,
  exp: at + 365 * 24 * 3600,
  vct: 'urn:eudi:pid:1',
  cnf: { jwk: holderPublicJwk },
  given_name: 'Erika',
  family_name: 'Mustermann',
  birthdate: '1964-08-12',
  age_equal_or_over: { 18: true, 65: false },
  address: {
    street_address: 'Heidestraße 17',
    locality: 'Köln',
    postal_code: '51147',
    country: 'DE',
  },
  nationalities: ['DE', 'FR'],
};
// Everything personal is selectively disclosable, nested objects and array elements too,
// with decoys; the registered claims stay in the signed payload.
const disclosureFrame = {
  _sd: ['given_name', 'family_name', 'birthdate', 'address'],
  _sd_decoy: 3,
  age_equal_or_over: { _sd: ['18', '65'] },
  address: { _sd: ['street_address', 'locality', 'postal_code'] },
  nationalities: { _sd: [0, 1], _sd_decoy: 1 },
};
const x5c = [issuerCertificate.raw.toString('base64')];
const kb = { payload: { aud: clientId, nonce, iat: at - 5 } };

const dc = await sdjwt.issue(pid, disclosureFrame, { header: { x5c } });
const vc = await sdjwt.issue(pid, disclosureFrame, { header: { x5c, typ: 'vc+sd-jwt' } });

const presentations = {
  // Every disclosure.
  pid_full: await sdjwt.present(dc, undefined, { kb }),
  // What an age check asks for, from a wallet that still sends the old typ.
  pid_age_only_vc_sd_jwt: await sdjwt.present(vc, { age_equal_or_over: { 18: true } }, { kb }),
  // Names, the locality of the address and the second nationality only.
  pid_partial: await sdjwt.present(dc,
    { given_name: true, family_name: true, address: { locality: true }, nationalities: { 1: true } }, { kb }),
};

writeFileSync(output, JSON.stringify({
  generator: '@sd-jwt/sd-jwt-vc 0.19.0 with @sd-jwt/crypto-nodejs 0.19.0, node ' + process.version
    + ', certificates by openssl',
  at,
  client_id: clientId,
  nonce,
  root_certificate: rootPem,
  issued_claims: pid,
  presentations,
}, null, 2) + '\n');
console.log('wrote ' + output);
