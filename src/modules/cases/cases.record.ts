import type { AuditEntry, AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { Executor } from '../../kernel/db/index.js';
import { CASE_CHANGED } from './cases.events.js';
import type { CaseAction, CaseStatus } from './cases.model.js';
import { createCaseRepository, type CaseRecord, type NewCaseEvent } from './case.repository.js';

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

/** What a change leaves behind: the timeline entry, the `cases.case.changed` event and the audit record. */
export interface HappeningRecords {
  event: NewCaseEvent & { caseId: string };
  message: { type: typeof CASE_CHANGED; payload: { caseId: string; number: string; action: CaseAction; status: CaseStatus; categoryCode: string | null; organisationId: string | null; divisionCode: string } };
  audit: AuditEntry;
}

/** The parts of case `c` (as it is after the change) that a happening's records name. */
export type RecordedCase = Pick<CaseRecord, 'id' | 'number' | 'status' | 'categoryCode' | 'organisation' | 'divisionCode' | 'version'>;

/** The timeline entry of a change that leaves case `caseId` in `status`, with the organisation it is then at. */
export function happeningEvent(caseId: string, status: CaseStatus, orgName: string | null, h: Happening): HappeningRecords['event'] {
  return { caseId, action: h.action, fromStatus: h.fromStatus, toStatus: status, actor: h.actor, actorName: h.actorName, orgName, comment: h.comment, details: h.details ?? null };
}

export function happeningRecords(c: RecordedCase, h: Happening): HappeningRecords {
  return {
    event: happeningEvent(c.id, c.status, c.organisation?.name ?? null, h),
    message: {
      type: CASE_CHANGED,
      payload: { caseId: c.id, number: c.number, action: h.action, status: c.status, categoryCode: c.categoryCode, organisationId: c.organisation?.id ?? null, divisionCode: c.divisionCode },
    },
    audit: {
      actor: h.actor,
      action: `cases.case.${h.action}`,
      target: `cases.case:${c.id}`,
      details: { number: c.number, from: h.fromStatus, to: c.status, version: c.version, organisation: c.organisation?.code ?? null, comment: h.comment, ...h.details },
    },
  };
}

/**
 * The timeline entry, the `cases.case.changed` event and the audit record of a change
 * already written, inside the caller's transaction (the audit append takes the chain lock,
 * so it comes last).
 */
export async function recordHappening(deps: RecordDeps, trx: Executor, c: RecordedCase, h: Happening): Promise<void> {
  const { event, message, audit } = happeningRecords(c, h);
  await createCaseRepository(trx).insertEvents([event]);
  await deps.bus.publish(trx, message);
  await deps.audit.append(trx, audit);
}
