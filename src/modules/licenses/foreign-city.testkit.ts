import { sm2 } from 'sm-crypto';
import { canonicalBytes } from './canonical.js';
import { LICENSE_CONTENT_FORMAT, type LicenseContent, type SignedLicenseDocument } from './license-document.js';
import { buildLicenseIdentifier } from './license-identifier.js';
import { publicKeyFingerprint } from './license-keys.js';

// SubjectPublicKeyInfo header of an uncompressed SM2 point: id-ecPublicKey, curve 1.2.156.10197.1.301.
const SM2_SPKI_HEADER = '3059301306072a8648ce3d020106082a811ccf5501822d034200';

/**
 * Another city that signs its licenses with sm-crypto (an independent SM2 implementation),
 * for tests of mutual recognition (互认).
 */
export function foreignCity(name = '黄石市', divisionCode = '420200') {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  const der = Buffer.from(SM2_SPKI_HEADER + publicKey, 'hex');
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`;
  const fingerprint = publicKeyFingerprint(publicKeyPem);
  let serial = 0;
  return {
    name,
    divisionCode,
    publicKeyPem,
    fingerprint,
    /** A license of this city, signed by it: standard SM2 with Z_A (hash: true), DER. */
    sign(overrides: Partial<LicenseContent> = {}): SignedLicenseDocument {
      serial++;
      const content: LicenseContent = {
        format: LICENSE_CONTENT_FORMAT,
        identifier: buildLicenseIdentifier({ typeCode: '114202000000000001001', issuerCode: '114202000000000001', serial: `2026${String(serial).padStart(6, '0')}`, version: 1 }),
        number: `HS2026${serial}`,
        name: '营业执照',
        type: { code: '114202000000000001001', name: '营业执照' },
        holder: { name: '黄石市测试商贸有限公司', code: '91420700042070699W', codeType: '049' },
        issuedOn: '2026-01-05',
        issuer: { name: `${name}市场监督管理局`, code: '114202000000000001' },
        validFrom: '2026-01-05',
        validTo: null,
        relatedItem: null,
        jurisdiction: divisionCode,
        data: { legalRepresentative: '周测试' },
        ...overrides,
      };
      const signatureHex = sm2.doSignature(Array.from(canonicalBytes(content)), privateKey, { der: true, hash: true, publicKey });
      return {
        content,
        signature: { algorithm: 'SM2-SM3', userId: '1234567812345678', value: Buffer.from(signatureHex, 'hex').toString('base64'), keyFingerprint: fingerprint, publicKeyPem },
      };
    },
  };
}
