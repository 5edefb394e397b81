/**
 * The append-only, tamper-evident audit log.
 *
 * Records live in `kernel_audit_log`, numbered 1, 2, 3… without gaps. Each record's hash
 * is SM3 over a canonical serialisation of its fields and of the previous record's hash
 * ({@link serialiseRecord}), so altering, deleting, moving or inserting a record breaks the
 * chain. `checkpoint()` signs the latest record's seq and hash with an SM2 key
 * ({@link checkpointMessage}), which also exposes a chain re-hashed from some point on, and
 * records cut from the end. {@link verifyAuditLog} checks all of it and names the records.
 */

export {
  createAuditLog,
  type AuditEntry,
  type AuditListQuery,
  type AuditLog,
  type AuditPage,
  type AuditRecord,
  type CreateAuditLogOptions,
} from './audit-log.js';
export { GENESIS_HASH, checkpointMessage, hashRecord, serialiseRecord, type HashedRecord } from './audit-hash.js';
export {
  AUDIT_PRIVATE_KEY_FILE,
  AUDIT_PUBLIC_KEY_FILE,
  auditKeyFingerprint,
  loadOrCreateAuditKeys,
  type AuditKeys,
} from './audit-keys.js';
export { verifyAuditLog, type VerifyOptions, type VerifyReport } from './verify.js';
export type { AuditProblem, AuditProblemKind } from './chain-examiner.js';
export { auditRoutes, withActorNames, type ActorNamer } from './audit.routes.js';
