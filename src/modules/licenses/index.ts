import type { Bus } from '../../kernel/bus/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db, Executor } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import type { PresentedDocument, SignedLicenseDocument } from './license-document.js';
import { loadOrCreateLicenseKey } from './license-keys.js';
import { licensesRoutes } from './licenses.routes.js';
import { seedDemoLicenses, type HolderNames } from './licenses.seed.js';
import { createLicensesService, type AuditAppender, type HolderLicenseFilter, type IssueInput, type LicensesService } from './licenses.service.js';
import { createLicensesStaff } from './licenses.staff.js';
import type { License, LicenseDetail } from './licenses.views.js';
import { createTrustService, type Signer, type TrustService } from './trust.service.js';
import { verifyRoutes } from './verify.routes.js';
import { createVerifier, type VerifyResult } from './verify.service.js';

export { LicensesPermissions } from './licenses.permissions.js';
export { LICENSE_ISSUED, LICENSE_REVOKED, type LicenseIssuedEvent, type LicenseRevokedEvent } from './licenses.events.js';
export { LICENSE_PRIVATE_KEY_FILE, LICENSE_PUBLIC_KEY_FILE, loadOrCreateLicenseKey, publicKeyFingerprint, type LicenseSigningKey } from './license-keys.js';
export { buildLicenseIdentifier, parseLicenseIdentifier, type LicenseIdentifierParts } from './license-identifier.js';
export { canonicalJson } from './canonical.js';
export type { HolderCodeType, LicenseContent, PresentedDocument, SignedLicenseDocument } from './license-document.js';
export type { HolderInput, HolderLicenseFilter, IssueInput, AuditAppender } from './licenses.service.js';
export type { License, LicenseDetail, LicenseState, LicenseType } from './licenses.views.js';
export type { Signer, TrustedKey } from './trust.service.js';
export type { VerifyReason, VerifyResult, VerifyStatus } from './verify.service.js';
export type { HolderNames } from './licenses.seed.js';

export interface LicensesModule extends ModuleRoutes {
  /**
   * Issues a license on an approval; given the caller's transaction (`executor`), the
   * license commits or rolls back with the caller's change (办结 and its license together).
   */
  issue(input: IssueInput, actor: string, executor?: Executor): Promise<LicenseDetail>;
  /** Revokes (注销) a license. */
  revoke(id: string, reason: string, actor: string): Promise<License>;
  /** A holder's licenses (citizen ID number or credit code), with surface data, optionally of some types only: for 一证通办 reuse. */
  listForHolder(holderCode: string, filter?: HolderLicenseFilter): Promise<LicenseDetail[]>;
  /** The signed document of one of the holder's own licenses (404 for anyone else's), with its verification link; audited. */
  documentForHolder(holderCode: string, id: string, origin: string, actor: string): Promise<SignedLicenseDocument & { verifyUrl: string }>;
  /** valid / expired / revoked / forged / unknown, by identifier or presented signed document. */
  verify(identifierOrDocument: string | PresentedDocument): Promise<VerifyResult>;
  /** Records a license presented from another city once it verifies under a trusted city key (互认). */
  importForeign(document: PresentedDocument, actor: string): Promise<{ license: License; created: boolean; signer: Signer }>;
  readonly service: LicensesService;
  readonly trust: TrustService;
  /** The demo city's license types and a few licenses; idempotent. */
  seedDemo(names: HolderNames): Promise<{ types: number; issued: number }>;
}

/**
 * E-licenses (电子证照): types with GB/T 36901 metadata, issuance with GB/T 36904 identifiers
 * and standard SM2 signatures by the city key (DATA_DIR/keys/licenses-sm2.*.pem), public
 * verification and QR codes, revocation, and other cities' licenses under trusted keys.
 * Wire by hand: `createLicensesModule({ db, audit, bus, cipher, keysDir, city })`.
 */
export function createLicensesModule(deps: {
  db: Db;
  audit: AuditAppender;
  bus: Pick<Bus, 'publish'>;
  cipher: FieldCipher;
  /** Where the city's license signing key lives (created on first start). */
  keysDir: string;
  city: { name: string; divisionCode: string };
  /** Public verification calls per client address and minute, on each node (default 60). */
  verifyPerMinute?: number;
  now?: () => Date;
}): LicensesModule {
  const signingKey = loadOrCreateLicenseKey(deps.keysDir);
  const service = createLicensesService({ ...deps, signingKey });
  const trust = createTrustService({ db: deps.db, audit: deps.audit, signingKey, city: deps.city });
  const verifier = createVerifier({ db: deps.db, cipher: deps.cipher, audit: deps.audit, trust, licenses: service });
  const staff = createLicensesStaff({ db: deps.db, audit: deps.audit, cipher: deps.cipher, service, verifier, trust });
  const signer = () => ({ scope: 'local' as const, cityName: deps.city.name, divisionCode: deps.city.divisionCode, fingerprint: signingKey.fingerprint, publicKeyPem: signingKey.publicKeyPem });
  const staffPlugin = licensesRoutes(staff);
  const publicPlugin = verifyRoutes({ verifier, signer, perMinute: deps.verifyPerMinute ?? 60 });
  return {
    name: 'licenses',
    service,
    trust,
    issue: service.issue,
    revoke: service.revoke,
    listForHolder: service.listForHolder,
    documentForHolder: staff.holderDocument,
    verify: verifier.verify,
    importForeign: verifier.importForeign,
    seedDemo: (names) => seedDemoLicenses(service, names),
    routes: async (app) => {
      await app.register(staffPlugin);
      await app.register(publicPlugin);
    },
  };
}
