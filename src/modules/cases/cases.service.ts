import { randomUUID } from 'node:crypto';
import { hasPermission, regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { createCaseRepository, type CaseRecord, type CaseEventRecord } from './case.repository.js';
import { createCategoryRepository, type CategoryRecord } from './category.repository.js';
import { actorOf, PHONE_AAD, type CasesDeps } from './cases.deps.js';
import { CaseNotFound, CategoryNotFound, DivisionNotFound, InvalidPhone, OrganisationNotFound, OutsideRegion, ResponsibilityVersionConflict } from './cases.errors.js';
import type { CaseStatus, CaseType, Channel, Urgency, Warning } from './cases.model.js';
import { CasesPermissions } from './cases.permissions.js';
import { createTransitions, type Actor } from './cases.transitions.js';
import { createCoordination } from './coordination.service.js';
import { createDispatchDirectory } from './dispatch.directory.js';
import { createIntakeWriter, type PreparedIntake } from './intake.writer.js';
import type { GroupCommitTicket } from '../../kernel/db/index.js';
import { CLASSIFIER_ACTOR, createClassification } from './classification.js';

export interface IntakeInput {
  type: CaseType;
  categoryCode?: string | undefined;
  description: string;
  address?: string | undefined;
  point?: { lon: number; lat: number } | undefined;
  divisionCode?: string | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  urgency?: Urgency | undefined;
}

export interface QueueQuery {
  status?: CaseStatus[] | undefined;
  categoryCode?: string | undefined;
  organisationId?: string | undefined;
  warning?: Warning | undefined;
  channel?: Channel | undefined;
  sourceRef?: string | undefined;
  /** Only the cases the caller recorded. */
  mine?: boolean | undefined;
  page: number;
  pageSize: number;
}

const PHONE = /^\+?[0-9][0-9-]{4,19}$/;

/** `13812345678` → `138****5678`; short numbers are masked whole. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/-/g, '');
  return digits.length <= 7 ? '*'.repeat(digits.length) : `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Intake from every channel, the queues, the detail with its timeline, and the responsibility list. */
export function createCasesService(deps: CasesDeps) {
  const { db, org, cipher } = deps;
  const now = deps.now ?? (() => new Date());
  const cases = createCaseRepository(db);
  const categories = createCategoryRepository(db);
  const directory = createDispatchDirectory(deps);
  const classification = createClassification(deps, directory);
  const transitions = createTransitions({ ...deps, now }, visible);
  const intakeWriter = createIntakeWriter({ ...deps, now });

  /** A case the principal may see: in its region, or dispatched to its organisation. */
  async function visible(principal: Principal, id: string): Promise<CaseRecord> {
    const found = await cases.get(id);
    if (!found) {
      throw CaseNotFound();
    }
    if (!found.divisionCode.startsWith(regionPrefix(principal)) && found.organisation?.id !== principal.organisationId) {
      throw OutsideRegion({ divisionCode: found.divisionCode });
    }
    return found;
  }

  async function intake(who: Actor, channel: Channel, input: IntakeInput, sourceRef?: string): Promise<CaseRecord> {
    // Announced before the checks and the classification, so a batch about to be written waits for it.
    const ticket = intakeWriter.begin();
    try {
      return await takeIn(ticket, who, channel, input, sourceRef);
    } finally {
      ticket.close();
    }
  }

  async function takeIn(ticket: GroupCommitTicket<PreparedIntake, CaseRecord>, who: Actor, channel: Channel, input: IntakeInput, sourceRef?: string): Promise<CaseRecord> {
    const { principal } = who;
    const divisionCode = input.divisionCode ?? principal?.divisionCode ?? deps.cityDivisionCode;
    if (principal && !divisionCode.startsWith(regionPrefix(principal))) {
      throw OutsideRegion({ divisionCode });
    }
    if (!(await directory.division(divisionCode))) {
      throw DivisionNotFound({ divisionCode });
    }
    if (input.categoryCode !== undefined && !(await directory.category(input.categoryCode))) {
      throw CategoryNotFound({ categoryCode: input.categoryCode });
    }
    const phone = input.reporterPhone?.trim();
    if (phone !== undefined && phone !== '' && !PHONE.test(phone)) {
      throw InvalidPhone();
    }
    const normalisedPhone = phone ? phone.replace(/-/g, '') : null;
    // The grid containing the point, asked of the grid module before the transaction opens.
    const located = input.point && deps.grid ? await deps.grid.locate(input.point) : undefined;
    const { actor } = who;
    // The suggested category; alarm cases take theirs from the device type.
    const suggestion = channel === 'iot' ? null : classification.suggest(input.description);
    // 智能分拨: confident enough and no category given → the responsible department, as
    // `system:cases.classifier`, in the intake's own transaction.
    const autoDispatch = input.categoryCode === undefined ? await classification.autoDispatchTarget(suggestion) : null;
    const urgency = input.urgency ?? 'normal';
    const dispatch = autoDispatch ? transitions.dispatchAtIntake(urgency, autoDispatch) : null;
    return ticket.add({
      row: {
        id: randomUUID(),
        channel,
        type: input.type,
        category_code: input.categoryCode ?? null,
        suggested_category_code: suggestion?.categoryCode ?? null,
        suggestion_confidence: suggestion?.confidence ?? null,
        description: input.description,
        address: input.address ?? null,
        lon: input.point?.lon ?? null,
        lat: input.point?.lat ?? null,
        grid_code: located?.gridCode ?? null,
        division_code: divisionCode,
        reporter_name: input.reporterName ?? null,
        reporter_phone_enc: normalisedPhone ? cipher.encrypt(normalisedPhone, PHONE_AAD) : null,
        reporter_phone_index: normalisedPhone ? cipher.blindIndex(normalisedPhone) : null,
        reporter_phone_masked: normalisedPhone ? maskPhone(normalisedPhone) : null,
        urgency,
        status: 'accepted',
        source_ref: sourceRef ?? null,
        created_by: actor,
        // Dispatched as it is taken in: one version for the intake, one for the dispatch.
        ...(dispatch ? { ...dispatch.patch, version: 2 } : {}),
      },
      givenCategoryCode: input.categoryCode ?? null,
      intake: { action: 'intake', fromStatus: null, actor, actorName: who.name, comment: null, details: { channel } },
      dispatch: dispatch ? { action: 'dispatch', fromStatus: 'accepted', actor: CLASSIFIER_ACTOR.actor, actorName: CLASSIFIER_ACTOR.name, comment: dispatch.comment, details: dispatch.details } : null,
    });
  }

  return {
    /** 受理 by the platform itself (alarm cases); `sourceRef` opens one case per source. */
    intakeAs: intake,
    /** 受理 by staff: hotline operators (`hotline`) and grid workers (`grid`). */
    staffIntake: (principal: Principal, channel: 'hotline' | 'grid', input: IntakeInput) => intake({ principal, actor: actorOf(principal), name: principal.name }, channel, input),
    /** A citizen's report from the web form; no session, so the city's division unless given. */
    citizenIntake: (input: IntakeInput) => intake({ principal: null, actor: 'anonymous:web', name: input.reporterName ?? null }, 'web', { ...input, urgency: 'normal' }),

    get: visible,
    async detail(principal: Principal, id: string): Promise<{ case: CaseRecord; timeline: CaseEventRecord[] }> {
      const found = await visible(principal, id);
      return { case: found, timeline: await cases.timeline(id) };
    },
    /** The dispatcher queue: every case of the caller's region, newest first. */
    queue(principal: Principal, query: QueueQuery) {
      const { mine, ...filter } = query;
      return cases.list({ ...filter, createdBy: mine ? actorOf(principal) : undefined, regionPrefix: regionPrefix(principal), offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    },
    /** The handler inbox: cases dispatched to the caller's organisation, or it was summoned onto (吹哨), and not yet replied. */
    async inbox(principal: Principal, query: Omit<QueueQuery, 'organisationId' | 'mine'>) {
      if (!principal.organisationId) {
        return { items: [], total: 0 };
      }
      return cases.list({
        status: ['dispatched', 'signed', 'handling'],
        ...query,
        organisationId: principal.organisationId,
        withSummons: true,
        regionPrefix: '',
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
    },
    /** The reporter's phone in clear for holders of `cases.reporter.read`, masked for everyone else. */
    reporterPhone(principal: Principal | null, c: CaseRecord): string | null {
      if (principal && hasPermission(principal, CasesPermissions.reporterRead) && c.reporter.phoneEnc) {
        return cipher.decrypt(c.reporter.phoneEnc, PHONE_AAD);
      }
      return c.reporter.phoneMasked;
    },

    listCategories: () => categories.list(),
    async updateResponsibility(principal: Principal, code: string, input: { version: number; organisationCode: string; urgentHours: number; limitDays: number }): Promise<CategoryRecord> {
      const current = await categories.get(code);
      if (!current) {
        throw CategoryNotFound({ categoryCode: code });
      }
      if (!(await org.getOrganisationByCode(input.organisationCode))) {
        throw OrganisationNotFound({ organisationCode: input.organisationCode });
      }
      const updated = await db.transaction().execute(async (trx) => {
        const repo = createCategoryRepository(trx);
        if (!(await repo.updateResponsibility(code, input.version, { orgCode: input.organisationCode, urgentHours: input.urgentHours, limitDays: input.limitDays, updatedBy: actorOf(principal) }))) {
          throw ResponsibilityVersionConflict({ currentVersion: current.responsibility.version });
        }
        await deps.audit.append(trx, {
          actor: actorOf(principal),
          action: 'cases.responsibility.update',
          target: `cases.category:${code}`,
          details: { before: { ...current.responsibility, updatedAt: undefined }, after: input },
        });
        return (await repo.get(code))!;
      });
      // After the commit, so no intake caches the line as it was before.
      directory.forgetCategory(code);
      return updated;
    },

    ...transitions,
    /** 智能分拨: suggestions, automatic dispatch, retraining. */
    classification,
    ...createCoordination({ ...deps, now }, visible),
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
