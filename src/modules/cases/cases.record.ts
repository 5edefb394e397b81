import type { AuditEntry, AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { Executor } from '../../kernel/db/index.js';
import { CASE_CHANGED } from './cases.events.js';
import type { CaseAction, CaseStatus } from './cases.model.js';
import { createCaseRepository, type CaseRecord } from './case.repository.js';

export interface RecordDeps {
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
}

export interface Happening {
  action: CaseAction;
  fromStatus: CaseStatus | null;
  /** `user:<id>`, `apikey:<id>`, `anonymous:web` or `system:…`. */
  actor: string;
  actorName: string | null;
  comment: string | null;
  details?: Record<string, unknown>;
}

/**
 * The timeline entry, the `cases.case.changed` event and the audit record of a change
 * already written, inside the caller's transaction (the audit append takes the chain lock,
 * so it comes last). With `deferredAudit` the audit record is collected instead, for the
 * caller to append with the transaction's others at its end (one claim of the chain's head).
 */
export async function recordHappening(deps: RecordDeps, trx: Executor, c: CaseRecord, h: Happening, deferredAudit?: AuditEntry[]): Promise<void> {
  await createCaseRepository(trx).insertEvent(c.id, {
    action: h.action,
    fromStatus: h.fromStatus,
    toStatus: c.status,
    actor: h.actor,
    actorName: h.actorName,
    orgName: c.organisation?.name ?? null,
    comment: h.comment,
    details: h.details ?? null,
  });
  await deps.bus.publish(trx, {
    type: CASE_CHANGED,
    payload: { caseId: c.id, number: c.number, action: h.action, status: c.status, categoryCode: c.categoryCode, organisationId: c.organisation?.id ?? null, divisionCode: c.divisionCode },
  });
  const entry: AuditEntry = {
    actor: h.actor,
    action: `cases.case.${h.action}`,
    target: `cases.case:${c.id}`,
    details: { number: c.number, from: h.fromStatus, to: c.status, version: c.version, organisation: c.organisation?.code ?? null, comment: h.comment, ...h.details },
  };
  if (deferredAudit) {
    deferredAudit.push(entry);
    return;
  }
  await deps.audit.append(trx, entry);
}
