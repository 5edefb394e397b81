import type { Bus } from '../../kernel/bus/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import { inTransaction, type Db, type Executor } from '../../kernel/db/index.js';
import { parseCitizenId, parseCreditCode } from '../../kernel/identifiers/index.js';
import { CanonicalJsonError } from './canonical.js';
import { isDay, shanghaiDay, validityEnd } from './dates.js';
import { buildLicenseIdentifier } from './license-identifier.js';
import { LICENSE_CONTENT_FORMAT, signLicenseContent, type HolderCodeType, type LicenseContent } from './license-document.js';
import type { LicenseSigningKey } from './license-keys.js';
import { createKeyRepository } from './key.repository.js';
import { createLicenseRepository, type LicenseFilter, type LicenseRow, type TypeInput } from './license.repository.js';
import { AlreadyRevoked, InvalidHolder, InvalidLicense, LicenseNotFound, TypeNotFound } from './licenses.errors.js';
import { LICENSE_ISSUED, LICENSE_REVOKED } from './licenses.events.js';
import { licenseView, maskHolderCode, typeView, type License, type LicenseDetail, type LicenseType } from './licenses.views.js';

/** What the licenses module needs of the audit log (the kernel's AuditLog fits). */
export interface AuditAppender {
  append(executor: Executor, entry: { actor: string | null; action: string; target?: string | null; details?: Record<string, unknown> }): Promise<unknown>;
}


export interface LicensesDeps {
  db: Db;
  audit: AuditAppender;
  bus: Pick<Bus, 'publish'>;
  cipher: Pick<FieldCipher, 'encrypt' | 'decrypt' | 'blindIndex'>;
  signingKey: LicenseSigningKey;
  /** This city: named as the signer of licenses signed with its keys. */
  city: { name: string; divisionCode: string };
  /** The clock; tests move it. */
  now?: () => Date;
}

/** The holder of a license to issue. */
export interface HolderInput {
  name: string;
  /** Citizen ID number (person) or unified social credit code (entity). */
  code: string;
  /** Defaults from the type's holder kind: 111 for persons, 049 for entities. */
  codeType?: HolderCodeType | undefined;
}

export interface IssueInput {
  typeCode: string;
  holder: HolderInput;
  data: Record<string, unknown>;
  relatedItem?: { code: string; name: string } | undefined;
  validFrom?: string | undefined;
  validTo?: string | null | undefined;
  /** 颁发日期 when recording a license issued earlier (e.g. migrating paper licenses); today by default, never later. */
  issuedOn?: string | undefined;
  /** 证照编号 when the issuing system has its own; otherwise numbered here. */
  number?: string | undefined;
}

/** Which of a holder's licenses to list. */
export interface HolderLicenseFilter {
  /** Only licenses of these types. */
  typeCodes?: readonly string[] | undefined;
}

export const CONTENT_AAD = 'licenses_license.content';

/** The clear, normalised holder code, or InvalidHolder. */
export function checkHolder(holder: HolderInput, kind: 'person' | 'entity', today: Date): { name: string; code: string; codeType: HolderCodeType } {
  const codeType = holder.codeType ?? (kind === 'person' ? '111' : '049');
  const name = holder.name.trim();
  if ((codeType === '111') !== (kind === 'person') || name === '') {
    throw InvalidHolder({ codeType, holderKind: kind });
  }
  const parsed = codeType === '111' ? parseCitizenId(holder.code, { today }) : parseCreditCode(holder.code);
  if (!parsed.ok) {
    throw InvalidHolder({ codeType, errors: parsed.errors });
  }
  return { name, code: 'id' in parsed.value ? parsed.value.id : parsed.value.code, codeType };
}

function checkData(data: Record<string, unknown>, fields: Array<{ name: string; required: boolean }>): string[] {
  const known = new Set(fields.map((f) => f.name));
  return [
    ...fields.filter((f) => f.required && (data[f.name] === undefined || data[f.name] === null || data[f.name] === '')).map((f) => `data.${f.name}: required`),
    ...(fields.length > 0 ? Object.keys(data).filter((k) => !known.has(k)).map((k) => `data.${k}: not a field of this license type`) : []),
  ];
}

/**
 * Issuing, listing and revoking this city's licenses. Every issue and revoke is audited and
 * published (`licenses.issued`, `licenses.revoked`) in its own transaction.
 */
export function createLicensesService(deps: LicensesDeps) {
  const { db, audit, bus, cipher, signingKey, city } = deps;
  const now = deps.now ?? (() => new Date());
  const repo = createLicenseRepository(db);
  const today = () => shanghaiDay(now());

  function decrypt(row: LicenseRow): LicenseContent {
    return JSON.parse(cipher.decrypt(row.content_enc, CONTENT_AAD)) as LicenseContent;
  }
  const detail = (row: LicenseRow): LicenseDetail => ({ ...licenseView(row, today()), data: decrypt(row).data });

  return {
    today,
    decrypt,
    /**
     * Issues a license of a type to a holder: GB/T 36904 identifier, number, validity from
     * the type unless given, content signed with the city's SM2 key and stored encrypted.
     * @throws TypeNotFound, InvalidHolder, InvalidLicense.
     */
    async issue(input: IssueInput, actor: string, executor: Executor = db): Promise<LicenseDetail> {
      // Read through the caller's transaction too: PGlite has one connection, which it holds.
      const type = await createLicenseRepository(executor).getType(input.typeCode);
      if (!type) {
        throw TypeNotFound({ typeCode: input.typeCode });
      }
      const holder = checkHolder(input.holder, type.holder_kind, now());
      const issuedOn = input.issuedOn ?? today();
      const validFrom = input.validFrom ?? issuedOn;
      const validTo = input.validTo !== undefined ? input.validTo : type.validity_years === null ? null : isDay(validFrom) ? validityEnd(validFrom, type.validity_years) : null;
      const problems = [
        ...checkData(input.data, type.fields),
        ...(isDay(issuedOn) && issuedOn <= today() ? [] : ['issuedOn: not a calendar day, or later than today']),
        ...(isDay(validFrom) ? [] : ['validFrom: not a calendar day']),
        ...(validTo === null || isDay(validTo) ? [] : ['validTo: not a calendar day']),
        ...(validTo !== null && validTo < validFrom ? ['validTo: before validFrom'] : []),
      ];
      if (problems.length > 0) {
        throw InvalidLicense({ problems });
      }
      const relatedItem = input.relatedItem ?? (type.related_item_code === null ? null : { code: type.related_item_code, name: type.related_item_name ?? '' });

      return inTransaction(executor, async (trx) => {
        const tx = createLicenseRepository(trx);
        const sequence = await tx.nextSerial();
        const serial = `${issuedOn.slice(0, 4)}${String(sequence).padStart(8, '0')}`;
        const jurisdiction = type.issuer_division;
        const content: LicenseContent = {
          format: LICENSE_CONTENT_FORMAT,
          identifier: buildLicenseIdentifier({ typeCode: type.code, issuerCode: type.issuer_code, serial, version: 1 }),
          number: input.number ?? `${type.number_prefix}${jurisdiction.slice(0, 6)}${serial}`,
          name: type.name,
          type: { code: type.code, name: type.name },
          holder,
          issuedOn,
          issuer: { name: type.issuer_name, code: type.issuer_code },
          validFrom,
          validTo,
          relatedItem,
          jurisdiction,
          data: input.data,
        };
        let signed: { canonical: Buffer; signature: Buffer };
        try {
          signed = signLicenseContent(content, signingKey);
        } catch (error) {
          if (error instanceof CanonicalJsonError) {
            throw InvalidLicense({ problems: [error.message] });
          }
          throw error;
        }
        await createKeyRepository(trx).insertIfAbsent({ fingerprint: signingKey.fingerprint, scope: 'local', cityName: city.name, divisionCode: city.divisionCode, publicKeyPem: signingKey.publicKeyPem, addedBy: 'system' });
        const id = await tx.insert({
          identifier: content.identifier,
          origin: 'local',
          type_code: type.code,
          type_name: type.name,
          number: content.number,
          name: content.name,
          holder_name: holder.name,
          holder_code_type: holder.codeType,
          holder_code_masked: maskHolderCode(holder.code, holder.codeType),
          holder_index: cipher.blindIndex(holder.code),
          issued_on: issuedOn,
          valid_from: validFrom,
          valid_to: validTo,
          issuer_name: type.issuer_name,
          issuer_code: type.issuer_code,
          related_item_code: relatedItem?.code ?? null,
          related_item_name: relatedItem?.name ?? null,
          jurisdiction,
          content_enc: cipher.encrypt(signed.canonical.toString('utf8'), CONTENT_AAD),
          signature: signed.signature,
          key_fingerprint: signingKey.fingerprint,
          revoked_at: null,
          revoked_by: null,
          revoke_reason: null,
          recorded_by: actor,
        });
        await bus.publish(trx, { type: LICENSE_ISSUED, payload: { licenseId: id, identifier: content.identifier, typeCode: type.code, holderCodeType: holder.codeType, jurisdiction } });
        await audit.append(trx, {
          actor,
          action: 'licenses.license.issue',
          target: `licenses_license:${id}`,
          details: { identifier: content.identifier, typeCode: type.code, number: content.number, holderCode: content.holder.codeType === '111' ? maskHolderCode(holder.code, '111') : holder.code },
        });
        return detail((await tx.get(id))!);
      });
    },

    /**
     * Revokes (注销) a valid license; its verification shows `revoked` from then on.
     * @throws LicenseNotFound, AlreadyRevoked.
     */
    async revoke(id: string, reason: string, actor: string): Promise<License> {
      return db.transaction().execute(async (trx) => {
        const tx = createLicenseRepository(trx);
        const row = await tx.get(id);
        if (!row) {
          throw LicenseNotFound();
        }
        if (!(await tx.revoke(id, { by: actor, reason }))) {
          throw AlreadyRevoked({ revokedAt: row.revoked_at });
        }
        await bus.publish(trx, { type: LICENSE_REVOKED, payload: { licenseId: id, identifier: row.identifier, typeCode: row.type_code } });
        await audit.append(trx, { actor, action: 'licenses.license.revoke', target: `licenses_license:${id}`, details: { identifier: row.identifier, reason } });
        return licenseView((await tx.get(id))!, today());
      });
    },

    /**
     * Every license recorded for a holder (citizen ID number or credit code), newest first,
     * with surface data; only those of `filter.typeCodes` when given (looked up by holder and
     * type, so the holder's other licenses are not read and decrypted).
     */
    async listForHolder(holderCode: string, filter: HolderLicenseFilter = {}): Promise<LicenseDetail[]> {
      const code = holderCode.trim().toUpperCase();
      return (await repo.listByHolder(cipher.blindIndex(code), filter.typeCodes)).map(detail);
    },

    /** Whether a holder already has a license of a type (any status). */
    holderHasType: (holderCode: string, typeCode: string): Promise<boolean> => repo.existsForHolder(cipher.blindIndex(holderCode.trim().toUpperCase()), typeCode),

    async get(id: string): Promise<LicenseDetail | undefined> {
      const row = await repo.get(id);
      return row ? detail(row) : undefined;
    },
    getRow: (id: string) => repo.get(id),

    /** A page of licenses; a `q` that is a whole ID number or credit code finds that holder's. */
    async search(filter: Omit<LicenseFilter, 'holderIndex'>): Promise<{ items: License[]; total: number }> {
      const q = filter.q?.trim().toUpperCase();
      const holderCode = q && (parseCitizenId(q).ok || parseCreditCode(q).ok) ? q : undefined;
      const page = await repo.search({ ...filter, q: holderCode ? undefined : filter.q?.trim(), holderIndex: holderCode ? cipher.blindIndex(holderCode) : undefined });
      const day = today();
      return { items: page.items.map((row) => licenseView(row, day)), total: page.total };
    },

    listTypes: async (): Promise<LicenseType[]> => (await repo.listTypes()).map(typeView),
    getType: async (code: string): Promise<LicenseType | undefined> => {
      const row = await repo.getType(code);
      return row ? typeView(row) : undefined;
    },
    /** Creates or updates a license type (by code); for seeds and administration. */
    upsertType: (input: TypeInput) => repo.upsertType(input),
  };
}

export type LicensesService = ReturnType<typeof createLicensesService>;
