import { Value } from '@sinclair/typebox/value';
import { canonicalJson } from './canonical.js';
import { isDay } from './dates.js';
import { signatureHolds, type LicenseContent, type PresentedDocument } from './license-document.js';
import { parseLicenseIdentifier } from './license-identifier.js';
import { createLicenseRepository, type LicenseRow } from './license.repository.js';
import { ForeignNotAccepted, InvalidIdentifier } from './licenses.errors.js';
import { checkHolder, CONTENT_AAD, type AuditAppender, type LicensesDeps, type LicensesService } from './licenses.service.js';
import { LicenseContentSchema } from './licenses.schemas.js';
import { licenseView, maskHolderCode, type License } from './licenses.views.js';
import type { Signer, TrustService } from './trust.service.js';

export type VerifyStatus = 'valid' | 'expired' | 'revoked' | 'forged' | 'unknown';

/** Why a license is `forged` or `unknown`, for the record and the verification page. */
export type VerifyReason =
  | 'not-recorded'
  | 'untrusted-signer'
  | 'bad-signature'
  | 'content-malformed'
  | 'content-mismatch'
  | 'record-unreadable';

export interface VerifyResult {
  status: VerifyStatus;
  reason?: VerifyReason;
  /** The signed content, when the signature holds (full: callers mask what they show). */
  license?: LicenseContent;
  signer?: Signer;
  revokedAt?: string | null;
}

function isContent(value: unknown): value is LicenseContent {
  if (!Value.Check(LicenseContentSchema, value)) {
    return false;
  }
  const c = value as LicenseContent;
  return parseLicenseIdentifier(c.identifier) !== undefined && [c.issuedOn, c.validFrom, ...(c.validTo === null ? [] : [c.validTo])].every(isDay);
}

/**
 * Verification (扫码亮证) and mutual recognition (互认): a license found by identifier or
 * presented as a signed document is `valid`, `expired`, `revoked`, `forged` (signature,
 * signer or content wrong) or `unknown` (not recorded here).
 */
export function createVerifier(deps: Pick<LicensesDeps, 'db' | 'cipher'> & { audit: AuditAppender; trust: TrustService; licenses: LicensesService }) {
  const { db, cipher, trust, licenses, audit } = deps;
  const repo = createLicenseRepository(db);

  function dated(content: LicenseContent, signer: Signer, row: LicenseRow | undefined): VerifyResult {
    if (row?.status === 'revoked') {
      return { status: 'revoked', license: content, signer, revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null };
    }
    const expired = content.validTo !== null && content.validTo < licenses.today();
    return { status: expired ? 'expired' : 'valid', license: content, signer };
  }

  async function checkSigned(content: unknown, signature: Buffer, fingerprint: string): Promise<{ signer: Signer; content: LicenseContent } | { reason: VerifyReason }> {
    const key = await trust.resolve(fingerprint);
    if (!key) {
      return { reason: 'untrusted-signer' };
    }
    if (!signatureHolds(key.publicKeyPem, content, signature)) {
      return { reason: 'bad-signature' };
    }
    return isContent(content) ? { signer: key.signer, content } : { reason: 'content-malformed' };
  }

  async function byIdentifier(identifier: string): Promise<VerifyResult> {
    if (!parseLicenseIdentifier(identifier)) {
      throw InvalidIdentifier();
    }
    const row = await repo.getByIdentifier(identifier);
    if (!row) {
      return { status: 'unknown', reason: 'not-recorded' };
    }
    let content: unknown;
    try {
      content = JSON.parse(cipher.decrypt(row.content_enc, CONTENT_AAD));
    } catch {
      return { status: 'forged', reason: 'record-unreadable' };
    }
    const checked = await checkSigned(content, Buffer.from(row.signature), row.key_fingerprint);
    if ('reason' in checked) {
      return { status: 'forged', reason: checked.reason };
    }
    if (checked.content.identifier !== row.identifier) {
      return { status: 'forged', reason: 'content-mismatch' };
    }
    return dated(checked.content, checked.signer, row);
  }

  async function byDocument(document: PresentedDocument): Promise<VerifyResult> {
    const signature = Buffer.from(document.signature.value, 'base64');
    const checked = await checkSigned(document.content, signature, document.signature.keyFingerprint);
    if ('reason' in checked) {
      return { status: 'forged', reason: checked.reason };
    }
    const row = await repo.getByIdentifier(checked.content.identifier);
    if (row) {
      // The same identifier must carry the same content as the record: anything else is not that license.
      const recorded = cipher.decrypt(row.content_enc, CONTENT_AAD);
      if (recorded !== canonicalJson(checked.content)) {
        return { status: 'forged', reason: 'content-mismatch', signer: checked.signer };
      }
    } else if (checked.signer.scope === 'local') {
      // Signed with this city's key but not on record: nothing here can say it was not revoked.
      return { status: 'unknown', reason: 'not-recorded', signer: checked.signer };
    }
    return dated(checked.content, checked.signer, row);
  }

  return {
    /** Verifies a license by its identifier (what a QR code carries) or as a presented signed document. */
    verify: (identifierOrDocument: string | PresentedDocument): Promise<VerifyResult> =>
      typeof identifierOrDocument === 'string' ? byIdentifier(identifierOrDocument.trim()) : byDocument(identifierOrDocument),

    /**
     * Records a license presented from another city, once it verifies as `valid` under a
     * trusted city key; idempotent by identifier.
     * @throws ForeignNotAccepted with `details.status` and `details.reason` otherwise.
     */
    async importForeign(document: PresentedDocument, actor: string): Promise<{ license: License; created: boolean; signer: Signer }> {
      const result = await byDocument(document);
      if (result.status !== 'valid' || !result.license || !result.signer) {
        throw ForeignNotAccepted({ status: result.status, reason: result.reason ?? null });
      }
      if (result.signer.scope !== 'trusted') {
        throw ForeignNotAccepted({ status: result.status, reason: 'signed-by-this-city' });
      }
      const content = result.license;
      const holderKind = content.holder.codeType === '111' ? 'person' : 'entity';
      let holder: ReturnType<typeof checkHolder>;
      try {
        holder = checkHolder(content.holder, holderKind, new Date());
      } catch {
        throw ForeignNotAccepted({ status: result.status, reason: 'holder-code-invalid' });
      }
      return db.transaction().execute(async (trx) => {
        const tx = createLicenseRepository(trx);
        const { id, created } = await tx.insertIfAbsent({
          identifier: content.identifier,
          origin: 'foreign',
          type_code: content.type.code,
          type_name: content.type.name,
          number: content.number,
          name: content.name,
          holder_name: holder.name,
          holder_code_type: holder.codeType,
          holder_code_masked: maskHolderCode(holder.code, holder.codeType),
          holder_index: cipher.blindIndex(holder.code),
          issued_on: content.issuedOn,
          valid_from: content.validFrom,
          valid_to: content.validTo,
          issuer_name: content.issuer.name,
          issuer_code: content.issuer.code,
          related_item_code: content.relatedItem?.code ?? null,
          related_item_name: content.relatedItem?.name ?? null,
          jurisdiction: content.jurisdiction,
          content_enc: cipher.encrypt(canonicalJson(content), CONTENT_AAD),
          signature: Buffer.from(document.signature.value, 'base64'),
          key_fingerprint: document.signature.keyFingerprint,
          revoked_at: null,
          revoked_by: null,
          revoke_reason: null,
          recorded_by: actor,
        });
        if (created) {
          await audit.append(trx, {
            actor,
            action: 'licenses.license.import',
            target: `licenses_license:${id}`,
            details: { identifier: content.identifier, signer: result.signer!.cityName, fingerprint: result.signer!.fingerprint },
          });
        }
        return { license: licenseView((await tx.get(id))!, licenses.today()), created, signer: result.signer! };
      });
    },
  };
}

export type Verifier = ReturnType<typeof createVerifier>;
