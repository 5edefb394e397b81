import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import { executeTogether, type Executor } from '../../kernel/db/index.js';
import { createApplicantRepository } from './applicants.repository.js';
import { refreshBundleApplication } from './bundles.progress.js';
import { ApplicationVersionConflict } from './applications.errors.js';
import { APPLICATION_CHANGED, type ApplicationAction } from './applications.events.js';
import type { Step } from './applications.model.js';
import { createApplicationPartsRepository } from './application-parts.repository.js';
import { createApplicationRepository, type ApplicationPatch, type ApplicationRecord } from './applications.repository.js';

export interface TransitionDeps {
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
}

/** One change of an application, as recorded everywhere it is recorded. */
export interface Transition {
  action: ApplicationAction;
  step: Step | null;
  /** `user:<id>`, or `system:…` for instant approval. */
  actor: string;
  /** The organisation the actor acted for (shown to the applicant). */
  organisationName: string | null;
  comment: string | null;
  details?: Record<string, unknown> | undefined;
  patch: ApplicationPatch;
  /** What the applicant is told (站内消息); null for nothing. */
  message: { title: string; body: string } | null;
}

/**
 * Every change of an existing application goes through here, inside the caller's
 * transaction: the row (only if nobody changed it since `current.version`, else 409), the
 * progress log, the applicant's message, the `services.application.changed` event and the
 * audit record, in that order (the audit append takes the chain lock, so it comes last).
 */
export async function applyTransition(deps: TransitionDeps, trx: Executor, current: ApplicationRecord, t: Transition): Promise<ApplicationRecord> {
  const repo = createApplicationRepository(trx);
  const updated = await repo.update(current.id, current.version, t.patch);
  if (!updated) {
    throw ApplicationVersionConflict({ currentVersion: (await repo.get(current.id))?.version ?? null });
  }
  await record(deps, trx, updated, { ...t, fromStatus: current.status });
  if (updated.bundleApplicationId !== null && updated.status !== current.status) {
    await refreshBundleApplication(deps, trx, updated.bundleApplicationId, updated.finishedOn);
  }
  return updated;
}

/**
 * Locks the application for the caller's transaction and checks it is still at
 * `current.version` (else 409): for transitions that write other rows (reviews, materials)
 * before the application itself, so that a concurrent one waits and then fails cleanly.
 */
export async function lockAt(trx: Executor, current: ApplicationRecord): Promise<void> {
  const version = await createApplicationRepository(trx).lockVersion(current.id);
  if (version !== current.version) {
    throw ApplicationVersionConflict({ currentVersion: version ?? null });
  }
}

/** What is recorded of one change: the application as written and how it got there. */
export type Recorded = Omit<Transition, 'patch'> & { fromStatus: ApplicationRecord['status'] | null };

/** The application as the log and messages of a change need it. */
type Changed = Pick<ApplicationRecord, 'id' | 'status'> & { applicant: { id: string } };

/** The log entry of a change. */
export const logEntry = (app: Changed, t: Recorded) => ({
  applicationId: app.id,
  entry: { action: t.action, step: t.step, fromStatus: t.fromStatus, toStatus: app.status, actor: t.actor, organisationName: t.organisationName, comment: t.comment, details: t.details ?? null },
});

const changedEvent = (app: ApplicationRecord, t: Recorded) => ({
  type: APPLICATION_CHANGED,
  payload: {
    applicationId: app.id,
    number: app.number,
    itemId: app.itemId,
    organisationId: app.organisation.id,
    applicantId: app.applicant.id,
    action: t.action,
    status: app.status,
    licenseId: app.licenseId,
  },
});

const auditEntry = (app: ApplicationRecord, t: Recorded) => ({
  actor: t.actor,
  action: `services.application.${t.action}`,
  target: `services.application:${app.id}`,
  details: { number: app.number, from: t.fromStatus, to: app.status, step: t.step, version: app.version, comment: t.comment, ...t.details },
});

/** The message to the applicant of a change, if any. */
export const messageOf = (app: Changed, t: Recorded) =>
  t.message ? [{ applicantId: app.applicant.id, applicationId: app.id, kind: t.action, title: t.message.title, body: t.message.body }] : [];

/** The log, message, event and audit of a change already written (a new application, or a transition). */
export async function record(deps: TransitionDeps, trx: Executor, app: ApplicationRecord, t: Recorded): Promise<void> {
  const log = logEntry(app, t);
  await createApplicationPartsRepository(trx).insertLog(log.applicationId, log.entry);
  for (const { applicantId, ...message } of messageOf(app, t)) {
    await createApplicantRepository(trx).insertMessage(applicantId, message);
  }
  await deps.bus.publish(trx, changedEvent(app, t));
  await deps.audit.append(trx, auditEntry(app, t));
}

export interface RecordManyDeps {
  audit: Pick<AuditLog, 'sealQueries'>;
  bus: Pick<Bus, 'publishQuery'>;
}

/**
 * The events and audit records of several changes whose logs and messages are written (see
 * {@link logEntry}, {@link messageOf}), in one statement: the events in the order given, the
 * audit records chained after `auditHead`, the claim of the chain made earlier in `trx` for
 * exactly as many records.
 */
export async function announceMany(deps: RecordManyDeps, trx: Executor, auditHead: unknown, changes: ReadonlyArray<{ app: ApplicationRecord; t: Recorded }>): Promise<void> {
  const sealed = deps.audit.sealQueries(
    trx,
    auditHead,
    changes.map(({ app, t }) => auditEntry(app, t)),
  );
  await executeTogether(trx, [deps.bus.publishQuery(trx, changes.map(({ app, t }) => changedEvent(app, t))), ...sealed.queries]);
}

/** Whether `today` is within the deadline; null when the clock never started. */
export function onTime(app: ApplicationRecord, today: string): boolean | null {
  return app.clock.dueOn === null ? (app.clock.acceptedOn === null ? null : true) : today <= app.clock.dueOn;
}
