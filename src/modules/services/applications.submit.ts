/**
 * The applicant's side of an application: submitting (with 秒批 when the item has rules)
 * and resubmitting after 补正.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../kernel/auth/index.js';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import { createGroupCommit, type Executor } from '../../kernel/db/index.js';
import type { HolderLicenseFilter } from '../licenses/index.js';
import { identityFields, type Applicant, type RegistryFacts } from './applicants.service.js';
import { createApplicantRepository, messageRow } from './applicants.repository.js';
import { completeApplication } from './applications.complete.js';
import type { ApplicationsDeps } from './applications.deps.js';
import { ApplicationNotFound, ApplicationVersionConflict, InvalidTransition, LicenseIssueFailed, NotOnline, RegionNotAccepted, SubjectNotAccepted } from './applications.errors.js';
import { assertValidForm, formProperties, formSubject } from './applications.form.js';
import { checkUploads, planMaterials, type MaterialUpload } from './applications.materials.js';
import type { Procedure, RuleTrace } from './applications.model.js';
import { createApplicationPartsRepository, logRow, materialRow, type NewMaterial } from './application-parts.repository.js';
import { clockColumns, createApplicationRepository, json, type ApplicationPatch, type ApplicationRecord, type NewApplication } from './applications.repository.js';
import { announceMany, applyTransition, lockAt, logEntry, messageOf, type Recorded } from './applications.transition.js';
import { resumeClock, startClock } from './deadline-clock.js';
import { evaluateRules } from './instant-rules.js';
import { ItemNotFound } from './services.errors.js';
import { singleFlight } from './single-flight.js';
import type { Item } from './services.model.js';

/** The actor of instant approvals (秒批): the platform, on the item's rules. */
export const INSTANT_ACTOR = 'system:services.instant';

export interface SubmitInput {
  /** 实施编码 or item id. */
  item: string;
  form: Record<string, unknown>;
  materials: MaterialUpload[];
}

export interface ResubmitInput {
  version: number;
  /** The whole form again, when it changes. */
  form?: Record<string, unknown> | undefined;
  /** Materials replaced by new uploads. */
  materials?: MaterialUpload[] | undefined;
}

const ONLINE_DEPTHS = new Set(['online_apply', 'full_online']);

/** Throws unless the applicant may apply for the item online. */
function assertMayApply(item: Item, applicant: Applicant): void {
  if (!ONLINE_DEPTHS.has(item.onlineDepth) || !item.channels.some((c) => c === 'online' || c === 'mobile')) {
    throw NotOnline({ onlineDepth: item.onlineDepth });
  }
  const subject = applicant.kind === 'person' ? 'natural_person' : 'legal_person';
  if (!item.subjects.includes(subject) || (formSubject(item.formSchema) ?? applicant.kind) !== applicant.kind) {
    throw SubjectNotAccepted({ subjects: item.subjects, applicant: applicant.kind });
  }
  // 跨域通办: the item's own city, or a city or county it accepts.
  const division = applicant.divisionCode;
  const accepted = division.startsWith(item.organisation.divisionCode.slice(0, 4)) || item.crossRegion.some((code) => division.startsWith(code.endsWith('00') ? code.slice(0, 4) : code));
  if (!accepted) {
    throw RegionNotAccepted({ division: division.slice(0, 6) });
  }
}

/** What a form is checked against: one version of an item. */
type FormSource = Pick<Item, 'id' | 'version' | 'formSchema' | 'materials'>;

/** The form as stored: the applicant's identity fields always from the verified identity. */
function completeForm(item: FormSource, applicant: Applicant, form: Record<string, unknown>): Record<string, unknown> {
  const properties = new Set(formProperties(item.formSchema));
  const identity = Object.entries(identityFields(applicant)).filter(([key]) => properties.has(key));
  const complete = { ...form, ...Object.fromEntries(identity) };
  assertValidForm(`${item.id}@${item.version}`, item.formSchema, complete);
  return complete;
}

const stripStored = (p: Procedure & { itemId?: string; version?: number; updatedBy?: unknown; updatedAt?: unknown }): Procedure => ({
  resultLicenseTypeCode: p.resultLicenseTypeCode,
  resultData: p.resultData,
  parallelReviews: p.parallelReviews,
  stepRoles: p.stepRoles,
  waivedMaterials: p.waivedMaterials,
  instantRules: p.instantRules,
});

const materialSources = (item: Item, planned: readonly NewMaterial[]) =>
  Object.fromEntries(item.materials.map((m) => [m.name, planned.find((p) => p.name === m.name)?.source ?? ('none' as const)]));

const failedLabels = (trace: readonly RuleTrace[]) =>
  trace
    .filter((t) => !t.passed)
    .map((t) => t.label ?? t.source)
    .join('；');

/** The value of a settled read, or its error thrown. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') {
    throw result.reason;
  }
  return result.value;
}

/** A submission checked and planned, nothing written yet (see {@link createSubmission}). */
export interface PreparedSubmission {
  applicant: Applicant;
  item: Item;
  form: Record<string, unknown>;
  procedure: Procedure;
  materials: NewMaterial[];
  instant: { passed: boolean; trace: RuleTrace[] } | null;
  today: string;
  facts: () => Promise<RegistryFacts>;
}

/** A prepared submission on its way to be written: by whom, and in which bundle application (一件事) if any. */
export interface Submission {
  prepared: PreparedSubmission;
  actor: string;
  bundleApplicationId: string | null;
}

/** 办件编号: the item's county, the day, and a number of the application sequence. */
const numberOf = (p: PreparedSubmission, sequence: number) => `${p.item.organisation.divisionCode.slice(0, 6)}-${p.today.replaceAll('-', '')}-${String(sequence).padStart(6, '0')}`;

export function createSubmission(deps: ApplicationsDeps) {
  const { db } = deps;
  // The reads of a submission; concurrent identical ones share one query (see singleFlight).
  const reads = {
    applicant: singleFlight((principal: Principal) => deps.applicants.of(principal), (principal) => `${principal.kind}:${principal.id}`),
    item: singleFlight((idOrCode: string) => deps.getItem(idOrCode), (idOrCode) => idOrCode),
    procedure: singleFlight((itemId: string) => deps.procedures.current(itemId), (itemId) => itemId),
    files: singleFlight((applicantId: string, ids: string[]) => createApplicantRepository(db).filesOf(applicantId, ids), (applicantId, ids) => JSON.stringify([applicantId, ids])),
    licenseType: singleFlight((code: string) => deps.licenses.getType(code), (code) => code),
    licenses: {
      listForHolder: singleFlight(
        (holderCode: string, filter?: HolderLicenseFilter) => deps.licenses.listForHolder(holderCode, filter),
        (holderCode, filter) => JSON.stringify([holderCode, filter?.typeCodes ?? null]),
      ),
    },
    facts: singleFlight((applicant: Applicant, today: string) => deps.applicants.facts(applicant, today), (applicant, today) => `${applicant.id}:${today}`),
  };

  /** The application row of a submission: submitted, or approved at once when every 秒批 rule passed. */
  function newApplication(s: Submission, number: string): { input: NewApplication; patch: ApplicationPatch } {
    const { item, applicant, procedure, instant } = s.prepared;
    const input = {
      number,
      item: { id: item.id, version: item.version, code: item.code, name: item.name },
      organisation: { id: item.organisation.id, name: item.organisation.name, divisionCode: item.organisation.divisionCode },
      applicant: { id: applicant.id, kind: applicant.kind, name: applicant.name, codeMasked: applicant.codeMasked },
      form: s.prepared.form,
      procedure,
      limitDays: item.promisedLimitDays,
      bundleApplicationId: s.bundleApplicationId,
    };
    const approved = instant?.passed === true;
    const patch = instant
      ? {
          instant: approved ? ('approved' as const) : ('refused' as const),
          instant_trace: json(instant.trace),
          ...(approved
            ? {
                status: 'approved' as const,
                current_roles: procedure.stepRoles.complete,
                decision: 'approved' as const,
                decision_step: 'decide' as const,
                ...clockColumns(startClock(deps.calendar, s.prepared.today, item.promisedLimitDays)),
              }
            : {}),
        }
      : {};
    return { input, patch };
  }

  /** The first workflow records of a new application numbered `number`: 提交, and 秒批 when it was approved at once. */
  function submittedRecords(s: Submission, number: string): Recorded[] {
    const { item, instant, materials } = s.prepared;
    const approved = instant?.passed === true;
    const submitted = {
      title: `「${item.name}」申请已提交`,
      body: `办件编号 ${number}。${instant && !approved ? `未通过秒批（${failedLabels(instant.trace)}），已转人工审核。` : approved ? '' : '请等待受理。'}`,
    };
    const records: Recorded[] = [
      {
        action: 'submit',
        step: null,
        actor: s.actor,
        organisationName: null,
        comment: null,
        details: {
          item: item.code,
          materials: materials.map((m) => ({ name: m.name, source: m.source, license: m.license?.identifier ?? null })),
          instant: instant ? (approved ? 'approved' : 'refused') : null,
          bundleApplicationId: s.bundleApplicationId,
        },
        message: approved ? null : submitted,
        fromStatus: null,
      },
    ];
    if (approved) {
      records.push({
        action: 'instant_approve',
        step: 'decide',
        actor: INSTANT_ACTOR,
        organisationName: item.organisation.name,
        comment: '秒批：全部规则通过',
        details: { rules: instant!.trace.length },
        message: { title: `「${item.name}」已秒批通过`, body: `办件编号 ${number}，系统依据基础库数据和申请信息自动审批通过。` },
        fromStatus: 'submitted',
      });
    }
    return records;
  }

  /**
   * Everything a submission checks, without writing: the item is published and open to the
   * applicant online, the form is valid, every required material is uploaded, waived or
   * replaced by an e-license, and the 秒批 rules are evaluated.
   */
  async function prepare(
    applicant: Applicant,
    input: SubmitInput,
    options: { waive?: ReadonlyArray<{ name: string; reason: string }> } = {},
    itemRead: Promise<Item | undefined> = reads.item(input.item),
  ): Promise<PreparedSubmission> {
    const item = await itemRead;
    if (!item || item.status !== 'published') {
      throw ItemNotFound();
    }
    assertMayApply(item, applicant);
    const form = completeForm(item, applicant, input.form);
    const today = todayInShanghai(deps.now());
    let cached: Promise<RegistryFacts> | undefined;
    const facts = () => (cached ??= reads.facts(applicant, today));
    // Independent reads side by side: on PostgreSQL each takes its own pooled connection.
    const [current, uploads] = await Promise.all([reads.procedure(item.id), checkUploads(input.materials, item.materials, (ids) => reads.files(applicant.id, ids))]);
    const stored = stripStored(current);
    // A bundle (一件事) may waive more: what another department of the same bundle provides.
    const extra = (options.waive ?? []).filter((w) => !stored.waivedMaterials.some((s) => s.name === w.name));
    const procedure = extra.length === 0 ? stored : { ...stored, waivedMaterials: [...stored.waivedMaterials, ...extra] };
    // Read side by side, judged in order: the result license's holder, then the materials, then the registry.
    const [type, planned, registryRead] = await Promise.allSettled([
      procedure.resultLicenseTypeCode === null ? undefined : reads.licenseType(procedure.resultLicenseTypeCode),
      planMaterials({ materials: item.materials, procedure, applicant, uploads }, reads.licenses),
      procedure.instantRules === null ? undefined : facts(),
    ]);
    const holder = settled(type);
    if (holder && (holder.holderKind === 'person') !== (applicant.kind === 'person')) {
      throw SubjectNotAccepted({ licenseHolder: holder.holderKind, applicant: applicant.kind });
    }
    const materials = settled(planned);
    const registry = settled(registryRead);
    const instant = procedure.instantRules === null ? null : evaluateRules(procedure.instantRules, { form, registry: registry!, materials: materialSources(item, materials) });
    return { applicant, item, form, procedure, materials, instant, today, facts };
  }

  /**
   * Writes prepared submissions in the caller's transaction, in the order given: the
   * 办件编号 drawn for all at once, then each application (approved at once when every 秒批
   * rule passed) with its materials, log and message in one statement, which also claims the
   * audit chain (its lock is held until commit), and their events and audit records in another.
   */
  async function writeMany(trx: Executor, submissions: readonly Submission[]): Promise<ApplicationRecord[]> {
    if (submissions.length === 0) {
      return [];
    }
    const repo = createApplicationRepository(trx);
    const sequences = await repo.nextSequences(submissions.length);
    const drafts = submissions.map((s, i) => {
      const { input, patch } = newApplication(s, numberOf(s.prepared, sequences[i]!));
      // The id is chosen here so that the materials, log and messages go into the same statement.
      const app = { id: randomUUID(), status: s.prepared.instant?.passed === true ? ('approved' as const) : ('submitted' as const), applicant: input.applicant };
      return { id: app.id, app, input, patch, materials: s.prepared.materials, records: submittedRecords(s, input.number) };
    });
    // The audit chain is claimed in the statement that writes the applications and sealed in
    // the one that writes their events: two round trips fewer a batch.
    const { records: created, auditHead } = await repo.insertWithParts(
      drafts,
      {
        materials: drafts.flatMap((d) => d.materials.map((m) => materialRow(d.id, m))),
        logs: drafts.flatMap((d) => d.records.map((t) => logEntry(d.app, t)).map((l) => logRow(l.applicationId, l.entry))),
        messages: drafts.flatMap((d) => d.records.flatMap((t) => messageOf(d.app, t)).map(messageRow)),
      },
      deps.audit.claimQuery(drafts.reduce((n, d) => n + d.records.length, 0)),
    );
    await announceMany(deps, trx, auditHead, created.flatMap((app, i) => drafts[i]!.records.map((t) => ({ app, t }))));
    return created;
  }

  /**
   * Submissions of concurrent callers go into one transaction together (group commit): one
   * claim of the audit chain and one commit per batch; each caller is answered once its own
   * rows are committed, and a submission whose write fails fails alone.
   */
  const writer = createGroupCommit<Submission, ApplicationRecord>({
    write: (batch) => db.transaction().execute((trx) => writeMany(trx, batch)),
    maxBatch: 100,
    // A batch waits briefly for the submissions still being checked.
    maxWaitMs: 5,
  });

  /** After the submission committed: an instantly approved application is completed (its license issued). */
  async function finish(p: PreparedSubmission, app: ApplicationRecord): Promise<ApplicationRecord> {
    if (app.status !== 'approved' || app.instant !== 'approved') {
      return app;
    }
    try {
      return await completeApplication(deps, app, { actor: INSTANT_ACTOR, organisationName: p.item.organisation.name, comment: null }, { applicant: p.applicant, facts: p.facts });
    } catch (error) {
      // Approved all the same: an officer completes it once the license can be issued.
      if (!LicenseIssueFailed.is(error)) {
        throw error;
      }
      return (await createApplicationRepository(db).get(app.id))!;
    }
  }

  return {
    prepare,
    writeMany,
    finish,

    /**
     * Submits an application for a published item: form validated against the item's
     * schema, materials uploaded, waived or replaced by the applicant's e-licenses. With
     * instant-approval rules that all pass, the application is approved and completed (its
     * license issued) before this returns; when one fails it waits for 受理 with the trace.
     */
    async submit(principal: Principal, input: SubmitInput): Promise<ApplicationRecord> {
      // Announced before the checks and reads, so a batch about to be written waits for it.
      const ticket = writer.begin();
      try {
        // The item is read while the applicant is: neither depends on the other.
        const itemRead = reads.item(input.item);
        void itemRead.catch(() => undefined);
        const applicant = await reads.applicant(principal);
        const prepared = await prepare(applicant, input, {}, itemRead);
        const app = await ticket.add({ prepared, actor: `user:${principal.id}`, bundleApplicationId: null });
        return await finish(prepared, app);
      } finally {
        ticket.close();
      }
    },

    /**
     * Resubmits after 补正 at `version`: the form and named materials are replaced, the
     * application returns to the step it was sent back from, and a stopped clock resumes
     * with the working days that were left.
     */
    async resubmit(principal: Principal, id: string, input: ResubmitInput): Promise<ApplicationRecord> {
      const applicant = await deps.applicants.of(principal);
      const repo = createApplicationRepository(db);
      const app = await repo.get(id);
      if (!app || app.applicant.id !== applicant.id) {
        throw ApplicationNotFound();
      }
      if (app.version !== input.version) {
        throw ApplicationVersionConflict({ currentVersion: app.version });
      }
      if (app.status !== 'correction' || app.resumeStatus === null) {
        throw InvalidTransition({ status: app.status, action: 'resubmit' });
      }
      const version = await itemAsSubmitted(deps, app);
      const form = input.form === undefined ? app.form : completeForm(version, applicant, input.form);
      const uploads = await checkUploads(input.materials ?? [], version.materials, (ids) => createApplicantRepository(db).filesOf(applicant.id, ids));
      const existing = await createApplicationPartsRepository(db).listMaterials(app.id);
      const kept = new Map(existing.map((m) => [m.name, { name: m.name, source: m.source, fileId: m.file?.id ?? null, license: m.license, note: m.note } satisfies NewMaterial]));
      const materials = await planMaterials({ materials: version.materials, procedure: app.procedure, applicant, uploads, kept }, deps.licenses);
      const changed = materials.filter((m) => !kept.has(m.name) || uploads.has(m.name)).map((m) => m.name);
      const today = todayInShanghai(deps.now());
      const resumed = app.resumeStatus;
      const clock = app.clock.suspendedOn !== null ? resumeClock(deps.calendar, app.clock, today) : app.clock;
      return db.transaction().execute(async (trx) => {
        await lockAt(trx, app);
        const tx = createApplicationPartsRepository(trx);
        await tx.deleteMaterials(app.id, changed);
        await tx.insertMaterials(
          app.id,
          materials.filter((m) => changed.includes(m.name)),
        );
        return applyTransition(deps, trx, app, {
          action: 'resubmit',
          step: null,
          actor: `user:${principal.id}`,
          organisationName: null,
          comment: null,
          details: { materials: changed, form: input.form !== undefined },
          patch: {
            status: resumed,
            resume_status: null,
            correction: null,
            form: json(form),
            current_roles: rolesFor(app.procedure, resumed),
            ...clockColumns(clock),
            // A new deadline: the deadline job flags it afresh (overdue stays overdue).
            ...(app.deadlineState === 'warning' ? { deadline_state: 'normal' as const } : {}),
          },
          message: {
            title: `「${app.itemName}」补正材料已提交`,
            body: clock.dueOn ? `办件 ${app.number} 已恢复办理，办理时限重新计时，承诺于 ${clock.dueOn} 前办结。` : `办件 ${app.number} 已重新提交，请等待受理。`,
          },
        });
      });
    },
  };
}

/** Roles acting on the step of `status` in the implementing organisation. */
export function rolesFor(procedure: Procedure, status: ApplicationRecord['status']): string[] {
  switch (status) {
    case 'submitted':
      return procedure.stepRoles.accept;
    case 'reviewing':
      return procedure.stepRoles.review;
    case 'deciding':
      return procedure.stepRoles.decide;
    case 'approved':
      return procedure.stepRoles.complete;
    case 'correction':
    case 'completed':
    case 'rejected':
      return [];
  }
}

/** The form schema and materials of the item version the application was submitted under. */
export async function itemAsSubmitted(deps: ApplicationsDeps, app: ApplicationRecord): Promise<FormSource> {
  const current = await deps.getItem(app.itemId);
  if (current && current.version === app.itemVersion) {
    return current;
  }
  const version = await deps.getItemVersion(app.itemId, app.itemVersion);
  if (!version) {
    throw ItemNotFound();
  }
  const snapshot = version.snapshot as Pick<Item, 'formSchema' | 'materials'>;
  return { id: app.itemId, version: app.itemVersion, formSchema: snapshot.formSchema, materials: snapshot.materials };
}
