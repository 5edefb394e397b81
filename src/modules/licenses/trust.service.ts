import type { Db } from '../../kernel/db/index.js';
import { createKeyRepository, type KeyRow } from './key.repository.js';
import { normaliseSm2PublicKey, publicKeyFingerprint, type LicenseSigningKey } from './license-keys.js';
import { KeyExists, KeyInvalid, KeyNotFound } from './licenses.errors.js';
import type { AuditAppender } from './licenses.service.js';

/** Who signed a license, as verification reports it. */
export interface Signer {
  /** `local`: this city's key; `trusted`: another city's key it trusts (互认). */
  scope: 'local' | 'trusted';
  cityName: string;
  divisionCode: string;
  fingerprint: string;
}

export interface TrustedKey extends Signer {
  publicKeyPem: string;
  addedAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

const trustedKeyView = (row: KeyRow): TrustedKey => ({
  scope: row.scope,
  cityName: row.city_name,
  divisionCode: row.division_code,
  fingerprint: row.fingerprint,
  publicKeyPem: row.public_key_pem,
  addedAt: new Date(row.added_at).toISOString(),
  revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  revokeReason: row.revoke_reason,
});

/**
 * The keys whose license signatures verify: this city's current key, its earlier keys, and
 * other cities' keys added by an administrator. A revoked key verifies nothing.
 */
export function createTrustService(deps: { db: Db; audit: AuditAppender; signingKey: LicenseSigningKey; city: { name: string; divisionCode: string } }) {
  const { db, audit, signingKey, city } = deps;
  const keys = createKeyRepository(db);

  return {
    /** The signer and public key behind a fingerprint, if its signatures are accepted. */
    async resolve(fingerprint: string): Promise<{ signer: Signer; publicKeyPem: string } | undefined> {
      if (fingerprint === signingKey.fingerprint) {
        return { signer: { scope: 'local', cityName: city.name, divisionCode: city.divisionCode, fingerprint }, publicKeyPem: signingKey.publicKeyPem };
      }
      const row = await keys.get(fingerprint);
      if (!row || row.revoked_at !== null) {
        return undefined;
      }
      return { signer: { scope: row.scope, cityName: row.city_name, divisionCode: row.division_code, fingerprint }, publicKeyPem: row.public_key_pem };
    },

    listTrusted: async (): Promise<TrustedKey[]> => (await keys.list('trusted')).map(trustedKeyView),

    /**
     * Trusts another city's license signing key.
     * @throws KeyInvalid when the PEM is not an SM2 public key; KeyExists when it is known (or is this city's own).
     */
    async addTrusted(input: { cityName: string; divisionCode: string; publicKeyPem: string }, actor: string): Promise<TrustedKey> {
      let pem: string;
      try {
        pem = normaliseSm2PublicKey(input.publicKeyPem);
      } catch (error) {
        // Node's own key parser and the SM2 checks both end here: neither is the caller's 500.
        throw KeyInvalid({ reason: (error as Error).message });
      }
      const fingerprint = publicKeyFingerprint(pem);
      if (fingerprint === signingKey.fingerprint) {
        throw KeyExists({ fingerprint, scope: 'local' });
      }
      return db.transaction().execute(async (trx) => {
        const tx = createKeyRepository(trx);
        if (!(await tx.insertIfAbsent({ fingerprint, scope: 'trusted', cityName: input.cityName.trim(), divisionCode: input.divisionCode, publicKeyPem: pem, addedBy: actor }))) {
          throw KeyExists({ fingerprint });
        }
        await audit.append(trx, { actor, action: 'licenses.key.trust', target: `licenses_key:${fingerprint}`, details: { cityName: input.cityName, divisionCode: input.divisionCode } });
        return trustedKeyView((await tx.get(fingerprint))!);
      });
    },

    /** Stops trusting a city key: its licenses verify as forged from then on. @throws KeyNotFound. */
    async revokeTrusted(fingerprint: string, reason: string, actor: string): Promise<TrustedKey> {
      return db.transaction().execute(async (trx) => {
        const tx = createKeyRepository(trx);
        if (!(await tx.revoke(fingerprint, actor, reason))) {
          throw KeyNotFound({ fingerprint });
        }
        await audit.append(trx, { actor, action: 'licenses.key.revoke', target: `licenses_key:${fingerprint}`, details: { reason } });
        return trustedKeyView((await tx.get(fingerprint))!);
      });
    },
  };
}

export type TrustService = ReturnType<typeof createTrustService>;
