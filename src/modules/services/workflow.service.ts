/**
 * The officers' side: 受理 → 审查 (with parallel department reviews) → 决定 → 办结, 补正 and
 * rejection. Each step is taken by a holder of one of the step's roles in the organisation
 * that acts on it (the implementing organisation; for a parallel review, the reviewing one).
 * Every action names the version it was taken on (409 when the application moved on).
 */
import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import { completeApplication } from './applications.complete.js';
import type { ApplicationsDeps } from './applications.deps.js';
import { ApplicationNotFound, ApplicationVersionConflict, InvalidTransition, NotHandler, ReviewAlreadyDone, UnknownMaterial } from './applications.errors.js';
import type { ApplicationAction } from './applications.events.js';
import { stepOf, type ApplicationStatus, type Step } from './applications.model.js';
import { createApplicationPartsRepository, type ReviewRecord } from './application-parts.repository.js';
import { clockColumns, createApplicationRepository, json, type ApplicationRecord } from './applications.repository.js';
import { itemAsSubmitted } from './applications.submit.js';
import { applyTransition, lockAt, onTime, type Transition } from './applications.transition.js';
import { startClock, suspendClock } from './deadline-clock.js';

export interface ActionInput {
  version: number;
  comment?: string | undefined;
}

/** What an officer may do; `review` is the caller organisation's review opinion. */
export type OfficerAction = 'accept' | 'review' | 'send_back' | 'reject' | 'approve' | 'complete';

const actor = (principal: Principal) => `user:${principal.id}`;
const overlaps = (a: readonly string[], b: readonly string[]) => a.some((r) => b.includes(r));
/** Where 补正 and rejection are possible: before a decision is taken. */
const OPEN: readonly ApplicationStatus[] = ['submitted', 'reviewing', 'deciding'];

export function createWorkflow(deps: ApplicationsDeps) {
  const { db } = deps;
  const repo = createApplicationRepository(db);
  const today = () => todayInShanghai(deps.now());

  /** True when the principal holds a role of `step` in the implementing organisation. */
  function actsOn(principal: Principal, app: ApplicationRecord, step: Step): boolean {
    return principal.kind === 'user' && principal.organisationId === app.organisation.id && overlaps(principal.roles, app.procedure.stepRoles[step]);
  }

  /**
   * Officers of the implementing organisation and of the reviewing ones see an application;
   * a platform administrator sees those of their region.
   */
  async function visible(principal: Principal, id: string): Promise<ApplicationRecord> {
    const app = await repo.get(id);
    if (!app) {
      throw ApplicationNotFound();
    }
    const own = principal.organisationId !== null && (principal.organisationId === app.organisation.id || (await repo.isReviewer(app.id, principal.organisationId)));
    const admin = principal.permissions.has('*') && app.organisation.divisionCode.startsWith(regionPrefix(principal));
    if (!own && !admin) {
      throw ApplicationNotFound();
    }
    return app;
  }

  /** The application at `version`, in a status where `action` is possible, and the caller allowed to take it. */
  async function actionable(principal: Principal, id: string, version: number, action: Exclude<OfficerAction, 'review'>, statuses: readonly ApplicationStatus[]): Promise<ApplicationRecord & { step: Step }> {
    const app = await visible(principal, id);
    if (app.version !== version) {
      throw ApplicationVersionConflict({ currentVersion: app.version });
    }
    const step = stepOf(app.status);
    if (!statuses.includes(app.status) || step === null) {
      throw InvalidTransition({ status: app.status, action });
    }
    if (!actsOn(principal, app, step)) {
      throw NotHandler({ step, roles: app.procedure.stepRoles[step] });
    }
    return { ...app, step };
  }

  const transition = (app: ApplicationRecord, t: Transition) => db.transaction().execute((trx) => applyTransition(deps, trx, app, t));

  const by = (principal: Principal, app: ApplicationRecord, action: ApplicationAction, step: Step, comment: string | null) => ({
    action,
    step,
    actor: actor(principal),
    organisationName: app.organisation.name,
    comment,
  });

  return {
    visible,

    /** The actions the principal may take on the application now. */
    allowedActions(principal: Principal, app: ApplicationRecord, reviews: readonly ReviewRecord[]): OfficerAction[] {
      const actions: OfficerAction[] = [];
      const step = stepOf(app.status);
      if (step !== null && actsOn(principal, app, step)) {
        actions.push(...(({ accept: ['accept'], review: [], decide: ['approve'], complete: ['complete'] }) satisfies Record<Step, OfficerAction[]>)[step]);
        if (OPEN.includes(app.status)) {
          actions.push('send_back', 'reject');
        }
      }
      const mine = reviews.find((r) => r.organisationId === principal.organisationId);
      if (app.status === 'reviewing' && principal.kind === 'user' && mine?.status === 'pending' && overlaps(principal.roles, mine.roles)) {
        actions.unshift('review');
      }
      return actions;
    },

    /** 受理: starts the deadline clock and opens the reviews (own and parallel). */
    async accept(principal: Principal, id: string, input: ActionInput): Promise<ApplicationRecord> {
      const app = await actionable(principal, id, input.version, 'accept', ['submitted']);
      const day = today();
      const clock = app.clock.acceptedOn === null ? startClock(deps.calendar, day, app.limitDays) : app.clock;
      const procedure = app.procedure;
      const organisationCode = (await deps.getItem(app.itemId))?.organisation.code ?? '';
      return db.transaction().execute(async (trx) => {
        await lockAt(trx, app);
        await createApplicationPartsRepository(trx).insertReviews(app.id, [
          { organisationId: app.organisation.id, organisationCode, organisationName: app.organisation.name, lead: true, roles: procedure.stepRoles.review },
          ...procedure.parallelReviews.map((p) => ({ organisationId: p.organisationId, organisationCode: p.code, organisationName: p.name, lead: false, roles: procedure.stepRoles.review })),
        ]);
        return applyTransition(deps, trx, app, {
          ...by(principal, app, 'accept', 'accept', input.comment ?? null),
          details: { dueOn: clock.dueOn, limitDays: app.limitDays, parallelReviews: procedure.parallelReviews.map((p) => p.code) },
          patch: { status: 'reviewing', current_roles: procedure.stepRoles.review, ...clockColumns(clock) },
          message: {
            title: `「${app.itemName}」已受理`,
            body: `办件 ${app.number} 已于 ${clock.acceptedOn} 受理，承诺 ${app.limitDays} 个工作日内办结，将于 ${clock.dueOn} 前办结。`,
          },
        });
      });
    },

    /**
     * 审查: the caller's organisation gives its opinion. The step completes, and the
     * application goes to 决定, when the implementing organisation and every parallel
     * reviewer have given theirs.
     */
    async review(principal: Principal, id: string, input: ActionInput & { opinion: 'agree' | 'disagree' }): Promise<ApplicationRecord> {
      const app = await visible(principal, id);
      if (app.version !== input.version) {
        throw ApplicationVersionConflict({ currentVersion: app.version });
      }
      if (app.status !== 'reviewing') {
        throw InvalidTransition({ status: app.status, action: 'review' });
      }
      const reviews = await createApplicationPartsRepository(db).listReviews(app.id);
      const mine = reviews.find((r) => r.organisationId === principal.organisationId);
      if (!mine || principal.kind !== 'user' || !overlaps(principal.roles, mine.roles)) {
        throw NotHandler({ step: 'review', roles: app.procedure.stepRoles.review });
      }
      if (mine.status === 'done') {
        throw ReviewAlreadyDone();
      }
      const last = reviews.every((r) => r.status === 'done' || r.organisationId === mine.organisationId);
      return db.transaction().execute(async (trx) => {
        await lockAt(trx, app);
        if (!(await createApplicationPartsRepository(trx).completeReview(app.id, mine.organisationId, { opinion: input.opinion, comment: input.comment ?? null, actor: actor(principal) }))) {
          throw ReviewAlreadyDone();
        }
        return applyTransition(deps, trx, app, {
          action: 'review',
          step: 'review',
          actor: actor(principal),
          organisationName: mine.organisationName,
          comment: input.comment ?? null,
          details: { opinion: input.opinion, lead: mine.lead, stepDone: last },
          patch: last ? { status: 'deciding', current_roles: app.procedure.stepRoles.decide } : {},
          message: last ? { title: `「${app.itemName}」审查完成`, body: `办件 ${app.number} 已完成审查${reviews.length > 1 ? `（含 ${reviews.length - 1} 个部门并联审查）` : ''}，进入决定环节。` } : null,
        });
      });
    },

    /** 补正: back to the applicant with what to correct; an accepted application's clock stops. */
    async sendBack(principal: Principal, id: string, input: { version: number; reason: string; materials?: string[] | undefined }): Promise<ApplicationRecord> {
      const app = await actionable(principal, id, input.version, 'send_back', OPEN);
      const materials = [...new Set(input.materials ?? [])];
      const known = (await itemAsSubmitted(deps, app)).materials.map((m) => m.name);
      const unknown = materials.find((m) => !known.includes(m));
      if (unknown !== undefined) {
        throw UnknownMaterial({ material: unknown });
      }
      const day = today();
      const clock = app.status === 'submitted' ? app.clock : suspendClock(deps.calendar, app.clock, day);
      return transition(app, {
        ...by(principal, app, 'send_back', app.step, input.reason),
        details: { materials, remainingDays: clock.remainingDays },
        patch: {
          status: 'correction',
          resume_status: app.status,
          correction: json({ reason: input.reason, materials, step: app.step, requestedAt: day, requestedBy: actor(principal) }),
          current_roles: [],
          ...clockColumns(clock),
          // No deadline runs while the applicant corrects (overdue stays overdue).
          ...(app.deadlineState === 'warning' ? { deadline_state: 'normal' as const } : {}),
        },
        message: {
          title: `「${app.itemName}」需要补正`,
          body: `办件 ${app.number} 需要补正：${input.reason}${materials.length > 0 ? `。需补正的材料：${materials.join('、')}` : ''}。${app.status === 'submitted' ? '' : '补正期间办理时限暂停计算。'}`,
        },
      });
    },

    /** 不予受理 (before acceptance) or 不予许可, with the reason. */
    async reject(principal: Principal, id: string, input: { version: number; reason: string }): Promise<ApplicationRecord> {
      const app = await actionable(principal, id, input.version, 'reject', OPEN);
      const day = today();
      const word = app.step === 'accept' ? '不予受理' : '不予许可';
      return transition(app, {
        ...by(principal, app, 'reject', app.step, input.reason),
        patch: { status: 'rejected', decision: 'rejected', decision_step: app.step, decision_reason: input.reason, finished_on: day, on_time: onTime(app, day), current_roles: [] },
        message: { title: `「${app.itemName}」${word}`, body: `办件 ${app.number} ${word}。理由：${input.reason}` },
      });
    },

    /** 决定: 准予. */
    async approve(principal: Principal, id: string, input: ActionInput): Promise<ApplicationRecord> {
      const app = await actionable(principal, id, input.version, 'approve', ['deciding']);
      return transition(app, {
        ...by(principal, app, 'approve', 'decide', input.comment ?? null),
        patch: { status: 'approved', decision: 'approved', decision_step: 'decide', decision_reason: input.comment ?? null, current_roles: app.procedure.stepRoles.complete },
        message: { title: `「${app.itemName}」审批通过`, body: `办件 ${app.number} 已准予，正在办结。` },
      });
    },

    /** 办结: with a result license type, the license is issued to the applicant. */
    async complete(principal: Principal, id: string, input: ActionInput): Promise<ApplicationRecord> {
      const app = await actionable(principal, id, input.version, 'complete', ['approved']);
      const applicant = (await deps.applicants.get(app.applicant.id))!;
      return completeApplication(
        deps,
        app,
        { actor: actor(principal), organisationName: app.organisation.name, comment: input.comment ?? null },
        { applicant, facts: () => deps.applicants.facts(applicant, today()) },
      );
    },
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;
