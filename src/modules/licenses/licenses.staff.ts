import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { Db } from '../../kernel/db/index.js';
import { AuthForbidden } from '../../kernel/errors/index.js';
import { parseCitizenId, parseCreditCode } from '../../kernel/identifiers/index.js';
import { documentOf, type LicenseContent, type PresentedDocument, type SignedLicenseDocument } from './license-document.js';
import type { LicenseRow } from './license.repository.js';
import { ForeignNotRevocable, InvalidHolder, LicenseNotFound, TypeNotFound } from './licenses.errors.js';
import { CONTENT_AAD, type AuditAppender, type IssueInput, type LicensesService } from './licenses.service.js';
import { maskHolderCode, type LicenseDetail } from './licenses.views.js';
import { verificationUrl } from './qr.js';
import type { TrustService } from './trust.service.js';
import type { Verifier } from './verify.service.js';

export const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;

const visibleTo = (p: Principal, row: Pick<LicenseRow, 'jurisdiction' | 'origin'>) => row.origin === 'foreign' || row.jurisdiction.startsWith(regionPrefix(p));

/**
 * The console's view of the module: the caller's region bounds what they see, issue and
 * revoke; lookups by holder and document downloads are audited.
 */
export function createLicensesStaff(deps: { db: Db; audit: AuditAppender; cipher: { decrypt(c: Uint8Array, aad: string): string }; service: LicensesService; verifier: Verifier; trust: TrustService }) {
  const { db, audit, cipher, service, verifier, trust } = deps;

  async function visibleRow(p: Principal, id: string): Promise<LicenseRow> {
    const row = await service.getRow(id);
    if (!row || !visibleTo(p, row)) {
      throw LicenseNotFound();
    }
    return row;
  }

  return {
    async search(p: Principal, query: { q?: string | undefined; typeCode?: string | undefined; status?: 'valid' | 'revoked' | undefined; origin?: 'local' | 'foreign' | undefined; page: number; pageSize: number }) {
      const page = await service.search({ ...query, regionPrefix: regionPrefix(p), limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { ...page, page: query.page, pageSize: query.pageSize };
    },
    types: () => service.listTypes(),
    async get(p: Principal, id: string): Promise<LicenseDetail> {
      await visibleRow(p, id);
      return (await service.get(id))!;
    },
    async forHolder(p: Principal, holderCode: string): Promise<LicenseDetail[]> {
      const code = holderCode.trim().toUpperCase();
      const person = parseCitizenId(code);
      if (!person.ok && !parseCreditCode(code).ok) {
        throw InvalidHolder();
      }
      const licenses = (await service.listForHolder(code)).filter((l) => visibleTo(p, l));
      await audit.append(db, { actor: actorOf(p), action: 'licenses.holder.lookup', target: null, details: { holderCode: maskHolderCode(code, person.ok ? '111' : '049'), found: licenses.length } });
      return licenses;
    },
    /** The signed document of a license, as its holder would present it elsewhere; audited. */
    async document(p: Principal, id: string, origin: string): Promise<SignedLicenseDocument & { verifyUrl: string }> {
      const row = await visibleRow(p, id);
      const content = JSON.parse(cipher.decrypt(row.content_enc, CONTENT_AAD)) as LicenseContent;
      const key = await trust.resolve(row.key_fingerprint);
      await audit.append(db, { actor: actorOf(p), action: 'licenses.document.download', target: `licenses_license:${id}`, details: { identifier: row.identifier } });
      return { ...documentOf(content, Buffer.from(row.signature), row.key_fingerprint, key?.publicKeyPem), verifyUrl: verificationUrl(origin, row.identifier) };
    },
    /**
     * The signed document of one of `holderCode`'s own licenses (the holder downloads it to
     * present elsewhere); another holder's license is not found. Audited under `actor`.
     */
    async holderDocument(holderCode: string, id: string, origin: string, actor: string): Promise<SignedLicenseDocument & { verifyUrl: string }> {
      const row = await service.getRow(id);
      if (!row || !(await service.listForHolder(holderCode)).some((l) => l.id === id)) {
        throw LicenseNotFound();
      }
      const content = JSON.parse(cipher.decrypt(row.content_enc, CONTENT_AAD)) as LicenseContent;
      const key = await trust.resolve(row.key_fingerprint);
      await audit.append(db, { actor, action: 'licenses.document.download', target: `licenses_license:${id}`, details: { identifier: row.identifier, by: 'holder' } });
      return { ...documentOf(content, Buffer.from(row.signature), row.key_fingerprint, key?.publicKeyPem), verifyUrl: verificationUrl(origin, row.identifier) };
    },
    async issue(p: Principal, input: IssueInput): Promise<LicenseDetail> {
      const type = await service.getType(input.typeCode);
      if (!type) {
        throw TypeNotFound({ typeCode: input.typeCode });
      }
      if (!type.issuer.divisionCode.startsWith(regionPrefix(p))) {
        throw AuthForbidden({ reason: 'the license type is issued outside your region' });
      }
      return service.issue(input, actorOf(p));
    },
    async revoke(p: Principal, id: string, reason: string) {
      const row = await visibleRow(p, id);
      if (row.origin === 'foreign') {
        throw ForeignNotRevocable();
      }
      return service.revoke(id, reason.trim(), actorOf(p));
    },
    importForeign: (p: Principal, document: PresentedDocument) => verifier.importForeign(document, actorOf(p)),
    trustedKeys: () => trust.listTrusted(),
    trust: (p: Principal, input: { cityName: string; divisionCode: string; publicKeyPem: string }) => trust.addTrusted(input, actorOf(p)),
    untrust: (p: Principal, fingerprint: string, reason: string) => trust.revokeTrusted(fingerprint, reason.trim(), actorOf(p)),
  };
}

export type LicensesStaff = ReturnType<typeof createLicensesStaff>;
