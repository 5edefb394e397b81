import { SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify } from '../../kernel/crypto/index.js';
import { canonicalBytes } from './canonical.js';
import type { LicenseSigningKey } from './license-keys.js';

/** The format name inside every signed content; a new layout gets a new name. */
export const LICENSE_CONTENT_FORMAT = 'yiwang-license/1';
export const SIGNATURE_ALGORITHM = 'SM2-SM3';

/** 持证主体代码类型: 111 居民身份证 (citizen ID), 049 统一社会信用代码. */
export type HolderCodeType = '111' | '049';

/**
 * What is signed: the GB/T 36901 metadata of one license and its surface data (照面信息).
 * Serialised by {@link canonicalBytes}; dates are `YYYY-MM-DD` (Asia/Shanghai).
 */
export interface LicenseContent {
  format: typeof LICENSE_CONTENT_FORMAT;
  /** 证照标识 (GB/T 36904). */
  identifier: string;
  /** 证照编号. */
  number: string;
  /** 证照名称. */
  name: string;
  /** 证照类型代码 / 名称. */
  type: { code: string; name: string };
  /** 持证主体, 持证主体代码, 持证主体代码类型. */
  holder: { name: string; code: string; codeType: HolderCodeType };
  /** 颁发日期. */
  issuedOn: string;
  /** 颁发机构名称 / 代码. */
  issuer: { name: string; code: string };
  /** 有效期起始 / 截止; validTo null = 长期有效. */
  validFrom: string;
  validTo: string | null;
  /** 关联事项编码 / 名称. */
  relatedItem: { code: string; name: string } | null;
  /** 管辖属地编码 (GB/T 2260). */
  jurisdiction: string;
  /** 照面信息: the type's own fields. */
  data: Record<string, unknown>;
}

/** The downloadable, offline-verifiable license: content and a standard SM2 signature over its canonical bytes. */
export interface SignedLicenseDocument {
  content: LicenseContent;
  signature: {
    algorithm: typeof SIGNATURE_ALGORITHM;
    /** SM2 signer ID hashed into Z_A. */
    userId: string;
    /** DER ECDSA-Sig-Value, base64. */
    value: string;
    /** SM3 of the signer's SubjectPublicKeyInfo DER, hex. */
    keyFingerprint: string;
    /** The signer's public key, for convenience only: verifiers look the key up by fingerprint among keys they trust. */
    publicKeyPem?: string | undefined;
  };
}

/** Signs content with the city key: returns the canonical bytes and the DER signature. */
export function signLicenseContent(content: LicenseContent, key: LicenseSigningKey): { canonical: Buffer; signature: Buffer } {
  const canonical = canonicalBytes(content);
  return { canonical, signature: sm2Sign(key.privateKeyPem, canonical) };
}

/** A document as someone presents it: nothing about its content is known until it verifies. */
export interface PresentedDocument {
  content: unknown;
  signature: { value: string; keyFingerprint: string };
}

export function documentOf(content: LicenseContent, signature: Buffer, keyFingerprint: string, publicKeyPem?: string): SignedLicenseDocument {
  return {
    content,
    signature: {
      algorithm: SIGNATURE_ALGORITHM,
      userId: SM2_DEFAULT_USER_ID,
      value: signature.toString('base64'),
      keyFingerprint,
      ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
    },
  };
}

/**
 * Whether `signature` is a standard SM2 signature (default user ID) by `publicKeyPem` over
 * the canonical bytes of `content`. Content that cannot be canonicalised is not signed.
 */
export function signatureHolds(publicKeyPem: string, content: unknown, signature: Buffer): boolean {
  let canonical: Buffer;
  try {
    canonical = canonicalBytes(content);
  } catch {
    return false;
  }
  return sm2Verify(publicKeyPem, canonical, signature);
}
