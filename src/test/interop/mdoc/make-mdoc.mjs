// Makes mdoc DeviceResponses with an independent implementation (@auth0/mdl) for
// MdocInteropTests. Run once with `npm install && node make-mdoc.mjs`; the test reads the
// committed output and never runs npm.
//
// The PKI (IACA -> document signers, device and reader keys) is generated here with
// @peculiar/x509 and WebCrypto. The session transcript is OpenID4VP 1.0's redirect
// handover (Appendix B.2.6.1), computed here with the library's CBOR encoder, and handed
// to @auth0/mdl through usingSessionTranscriptBytes (its own OID4VP helper implements the
// older ISO 18013-7 draft handover).
import { webcrypto, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { Document, DeviceResponse, MDoc } from '@auth0/mdl';
import { cborEncode, DataItem } from '@auth0/mdl/lib/cbor/index.js';
import { COSEKeyFromJWK } from 'cose-kit';

x509.cryptoProvider.set(webcrypto);
const subtle = webcrypto.subtle;

const signed = new Date('2026-11-01T00:00:00Z');
const validUntil = new Date('2027-11-01T00:00:00Z');
const handover = {
  clientId: 'x509_san_dns:verifier.example',
  nonce: 'bVx0yTAnSVDk3kBP-2mAbQ',
  responseUri: 'https://verifier.example/wallet/response',
};

async function ecKeys(namedCurve) {
  return subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify']);
}

const iacaKeys = await ecKeys('P-256');
const iaca = await x509.X509CertificateGenerator.createSelfSigned({
  serialNumber: '01',
  name: 'CN=Interop IACA, C=US',
  notBefore: new Date('2026-01-01T00:00:00Z'),
  notAfter: new Date('2035-01-01T00:00:00Z'),
  signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  keys: iacaKeys,
  extensions: [
    new x509.BasicConstraintsExtension(true, 0, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(iacaKeys.publicKey),
  ],
});

async function documentSigner(serial, namedCurve) {
  const keys = await ecKeys(namedCurve);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    issuer: iaca.subject,
    subject: `CN=Interop DS ${namedCurve}, C=US`,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2028-01-01T00:00:00Z'),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: keys.publicKey,
    signingKey: iacaKeys.privateKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.0.18013.5.1.2'], true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(iaca),
    ],
  });
  return { keys, certificate };
}

const deviceKeys = await ecKeys('P-256');
const devicePrivate = await subtle.exportKey('jwk', deviceKeys.privateKey);
const devicePublic = await subtle.exportKey('jwk', deviceKeys.publicKey);
const readerKeys = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
const readerPrivate = await subtle.exportKey('jwk', readerKeys.privateKey);
const readerPublicCose = COSEKeyFromJWK(await subtle.exportKey('jwk', readerKeys.publicKey));

// OpenID4VP 1.0 B.2.6.1: [null, null, ["OpenID4VPHandover", sha256(cbor([client_id, nonce, null, response_uri]))]]
const handoverInfo = cborEncode([handover.clientId, handover.nonce, null, handover.responseUri]);
const sessionTranscript = cborEncode([
  null,
  null,
  ['OpenID4VPHandover', createHash('sha256').update(handoverInfo).digest()],
]);
const sessionTranscriptBytes = cborEncode(new DataItem({ buffer: sessionTranscript }));

const elements = ['family_name', 'birth_date', 'age_over_18', 'age_over_21', 'issuing_jurisdiction'];
const presentationDefinition = {
  id: 'age',
  input_descriptors: [
    {
      id: 'org.iso.18013.5.1.mDL',
      format: { mso_mdoc: { alg: ['ES256', 'ES384'] } },
      constraints: {
        limit_disclosure: 'required',
        fields: elements.map((e) => ({ path: [`$['org.iso.18013.5.1']['${e}']`], intent_to_retain: false })),
      },
    },
  ],
};

async function issue(signer, alg, digestAlgorithm) {
  const document = await new Document('org.iso.18013.5.1.mDL')
    .addIssuerNameSpace('org.iso.18013.5.1', {
      family_name: 'Jones',
      given_name: 'Ava',
      birth_date: '2001-03-25',
      age_over_18: true,
      age_over_21: true,
      age_over_65: false,
      issuing_country: 'US',
      issuing_jurisdiction: 'US-NY',
      document_number: 'D1234567',
    })
    .useDigestAlgorithm(digestAlgorithm)
    .addValidityInfo({ signed, validFrom: signed, validUntil })
    .addDeviceKeyInfo({ deviceKey: devicePublic })
    .sign({
      issuerPrivateKey: await subtle.exportKey('jwk', signer.keys.privateKey),
      issuerCertificate: signer.certificate.toString('pem'),
      alg,
    });
  return new MDoc([document]).encode();
}

async function present(issued, mac) {
  let response = DeviceResponse.from(issued)
    .usingPresentationDefinition(presentationDefinition)
    .usingSessionTranscriptBytes(sessionTranscriptBytes);
  response = mac
    ? response.authenticateWithMAC(devicePrivate, readerPublicCose, 'HS256')
    : response.authenticateWithSignature(devicePrivate, 'ES256');
  return Buffer.from((await response.sign()).encode());
}

const es256 = await documentSigner('02', 'P-256');
const es384 = await documentSigner('03', 'P-384');
const issuedEs256 = await issue(es256, 'ES256', 'SHA-256');
const issuedEs384 = await issue(es384, 'ES384', 'SHA-384');

const out = {
  generator: '@auth0/mdl ' + (await import('@auth0/mdl/package.json', { with: { type: 'json' } })).default.version,
  at: '2026-12-01T00:00:00Z',
  iaca: iaca.toString('pem'),
  handover,
  sessionTranscript: Buffer.from(sessionTranscript).toString('hex'),
  readerPrivateKey: readerPrivate,
  presentations: {
    es256DeviceSignature: (await present(issuedEs256, false)).toString('base64url'),
    es384DeviceSignature: (await present(issuedEs384, false)).toString('base64url'),
    es256DeviceMac: (await present(issuedEs256, true)).toString('base64url'),
  },
};
writeFileSync(new URL('../../resources/credential/interop/mdl-auth0.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log('wrote mdl-auth0.json');
