/** How applications are shown: to the applicant, and to officers (who see more). */
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import type { LicenseDetail } from '../licenses/index.js';
import { STEPS, stepOf, type Step } from './applications.model.js';
import type { LogRecord, MaterialRecord, ReviewRecord } from './application-parts.repository.js';
import type { ApplicationRecord } from './applications.repository.js';
import { workingDaysLeft } from './deadline-clock.js';
import type { OfficerAction } from './workflow.service.js';

type Calendar = Pick<WorkingCalendar, 'workingDaysBetween'>;
export type StepState = 'done' | 'current' | 'pending' | 'correction' | 'rejected' | 'skipped';

const iso = (d: Date) => d.toISOString();

/** The deadline as people read it: due date, working days left (while suspended: left when stopped). */
export function deadlineView(app: ApplicationRecord, calendar: Calendar, today: string) {
  const running = app.clock.dueOn !== null && app.finishedOn === null;
  return {
    limitDays: app.limitDays,
    acceptedOn: app.clock.acceptedOn,
    dueOn: app.clock.dueOn,
    workingDaysLeft: running ? workingDaysLeft(calendar, app.clock.dueOn!, today) : app.clock.suspendedOn !== null ? app.clock.remainingDays : null,
    suspended: app.clock.suspendedOn !== null,
    suspendedOn: app.clock.suspendedOn,
    suspendedDays: app.clock.suspendedDays,
    state: app.deadlineState,
    finishedOn: app.finishedOn,
    onTime: app.onTime,
    unpublishedYears: app.clock.unpublishedYears,
  };
}

/** 受理 → 审查 → 决定 → 办结, each done, current, waiting, in 补正, rejected there, or skipped after a rejection. */
export function progressView(app: ApplicationRecord): Array<{ step: Step; state: StepState }> {
  const at = (step: Step | null) => (step === null ? STEPS.length : STEPS.indexOf(step));
  let current: number;
  let mark: StepState = 'current';
  switch (app.status) {
    case 'correction':
      current = at(app.resumeStatus ? stepOf(app.resumeStatus) : 'accept');
      mark = 'correction';
      break;
    case 'rejected':
      current = at(app.decisionStep ?? 'accept');
      mark = 'rejected';
      break;
    case 'completed':
      current = STEPS.length;
      break;
    case 'submitted':
    case 'reviewing':
    case 'deciding':
    case 'approved':
      current = at(stepOf(app.status));
      break;
  }
  return STEPS.map((step, i) => ({ step, state: i < current ? 'done' : i === current ? mark : mark === 'rejected' ? 'skipped' : 'pending' }));
}

export function summaryView(app: ApplicationRecord, calendar: Calendar, today: string) {
  return {
    id: app.id,
    number: app.number,
    item: { id: app.itemId, code: app.itemCode, name: app.itemName, version: app.itemVersion },
    organisation: { id: app.organisation.id, name: app.organisation.name },
    applicant: { kind: app.applicant.kind, name: app.applicant.name, codeMasked: app.applicant.codeMasked },
    status: app.status,
    step: stepOf(app.status),
    progress: progressView(app),
    deadline: deadlineView(app, calendar, today),
    instant: app.instant,
    decision: app.decision,
    license: app.licenseId ? { id: app.licenseId, identifier: app.licenseIdentifier! } : null,
    version: app.version,
    submittedAt: iso(app.submittedAt),
    updatedAt: iso(app.updatedAt),
  };
}

function materialView(m: MaterialRecord) {
  return {
    id: m.id,
    name: m.name,
    source: m.source,
    file: m.file ? { name: m.file.name, size: m.file.size, contentType: m.file.contentType, sm3: m.file.sm3 } : null,
    license: m.license,
    note: m.note,
    attachedAt: iso(m.attachedAt),
  };
}

/** The applicant's view: everything about their application, officers by organisation only. */
export function applicantDetailView(app: ApplicationRecord, parts: { materials: MaterialRecord[]; log: LogRecord[] }, calendar: Calendar, today: string) {
  return {
    ...summaryView(app, calendar, today),
    form: app.form,
    materials: parts.materials.map(materialView),
    correction: app.correction,
    decisionReason: app.decisionReason,
    instantTrace: app.instantTrace,
    log: parts.log.map((l) => ({ action: l.action, step: l.step, status: l.toStatus, organisationName: l.organisationName, comment: l.comment, at: iso(l.at) })),
    canResubmit: app.status === 'correction',
  };
}

/** The officer's view: with reviews, actors, the applicant's licenses beside the materials, and what the caller may do. */
export function officerDetailView(
  app: ApplicationRecord,
  parts: { materials: MaterialRecord[]; log: LogRecord[]; reviews: ReviewRecord[]; licenses: LicenseDetail[]; actorNames: Map<string, string>; actions: OfficerAction[] },
  calendar: Calendar,
  today: string,
) {
  const base = applicantDetailView(app, parts, calendar, today);
  return {
    ...base,
    procedure: app.procedure as unknown as Record<string, unknown>,
    reviews: parts.reviews.map((r) => ({ ...r, doneAt: r.doneAt ? iso(r.doneAt) : null, actorName: r.actor ? (parts.actorNames.get(r.actor) ?? null) : null })),
    log: parts.log.map((l, i) => ({ ...base.log[i]!, actor: l.actor, actorName: l.actor ? (parts.actorNames.get(l.actor) ?? null) : null, details: l.details })),
    applicantLicenses: parts.licenses.map((l) => ({
      id: l.id,
      identifier: l.identifier,
      number: l.number,
      name: l.name,
      type: l.type,
      issuer: l.issuer,
      issuedOn: l.issuedOn,
      validFrom: l.validFrom,
      validTo: l.validTo,
      state: l.state,
      data: l.data,
      attachedAs: parts.materials.filter((m) => m.license?.id === l.id).map((m) => m.name),
    })),
    actions: parts.actions,
  };
}
