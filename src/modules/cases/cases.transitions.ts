import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { createCaseRepository, type CasePatch, type CaseRecord } from './case.repository.js';
import type { Executor } from '../../kernel/db/index.js';
import { createCategoryRepository, type CategoryRecord } from './category.repository.js';
import { actorOf, type CaseOrganisation, type CasesDeps } from './cases.deps.js';
import { CaseClosed, CaseVersionConflict, CategoryNotFound, CategoryRequired, InvalidTransition, NotAssigned, OrganisationNotFound, OutsideRegion } from './cases.errors.js';
import { TRANSITIONS, type Satisfaction, type TransitionAction, type Urgency } from './cases.model.js';
import { recordHappening } from './cases.record.js';
import { computeDeadline } from './deadlines.js';
import { informMergedReporters } from './merge.js';

export interface Acting {
  version: number;
  comment?: string | undefined;
}

/** Who acts: a person or key, or the platform itself (alarm cases). */
export interface Actor {
  principal: Principal | null;
  actor: string;
  name: string | null;
}

const asActor = (principal: Principal): Actor => ({ principal, actor: actorOf(principal), name: principal.name });

/**
 * The closed loop. Each transition checks, in this order: the case is visible to the
 * caller (region), not closed, in a status the transition starts from, and — for handler
 * steps — dispatched to the caller's organisation; then writes the change only if nobody
 * changed the case since `version` (else 409), with its timeline entry, event and audit
 * record in the same transaction.
 */
export function createTransitions(deps: CasesDeps & { now: () => Date }, visible: (principal: Principal, id: string) => Promise<CaseRecord>) {
  const { db, org, calendar, now } = deps;

  async function load(who: Actor, id: string, action: TransitionAction): Promise<CaseRecord> {
    const current = who.principal ? await visible(who.principal, id) : await createCaseRepository(db).get(id);
    if (!current) {
      throw InvalidTransition({ action });
    }
    if (current.status === 'closed') {
      throw CaseClosed({ number: current.number });
    }
    const rule = TRANSITIONS[action];
    if (!(rule.from as readonly string[]).includes(current.status)) {
      throw InvalidTransition({ action, status: current.status });
    }
    if (rule.by === 'handler' && who.principal && current.organisation?.id !== who.principal.organisationId) {
      throw NotAssigned();
    }
    return current;
  }

  async function applyIn(
    trx: Executor,
    who: Actor,
    current: CaseRecord,
    action: TransitionAction,
    version: number,
    change: { patch: CasePatch; comment: string | null; details?: Record<string, unknown> | undefined },
  ): Promise<CaseRecord> {
    const repo = createCaseRepository(trx);
    const updated = await repo.update(current.id, version, { status: TRANSITIONS[action].to, ...change.patch });
    if (!updated) {
      throw CaseVersionConflict({ currentVersion: (await repo.get(current.id))?.version ?? null });
    }
    const { comment, details } = change;
    await recordHappening(deps, trx, updated, { action, fromStatus: current.status, actor: who.actor, actorName: who.name, comment, ...(details ? { details } : {}) });
    if (action === 'reply' || action === 'close') {
      await informMergedReporters(deps, trx, updated, action, comment, who, now());
    }
    return updated;
  }

  function apply(who: Actor, current: CaseRecord, action: TransitionAction, version: number, patch: CasePatch, comment: string | null, details?: Record<string, unknown>): Promise<CaseRecord> {
    return db.transaction().execute((trx) => applyIn(trx, who, current, action, version, { patch, comment, details }));
  }

  function dispatchPatch(target: CaseOrganisation, category: CategoryRecord, urgency: Urgency): CasePatch {
    return { org_id: target.id, org_code: target.code, org_name: target.name, category_code: category.code, urgency, ...deadlinePatch(urgency, category.responsibility) };
  }

  function deadlinePatch(urgency: Urgency, limits: { urgentHours: number; limitDays: number }): CasePatch {
    const d = computeDeadline(calendar, now(), urgency, limits);
    return { deadline_at: d.deadlineAt, due_on: d.dueOn, limit_hours: d.limitHours, limit_days: d.limitDays, warning: 'none' };
  }

  async function limitsOf(categoryCode: string) {
    const category = await createCategoryRepository(db).get(categoryCode);
    if (!category) {
      throw CategoryNotFound({ categoryCode });
    }
    return category;
  }

  /** 派遣 to an organisation: the one named, else the category's responsible department. */
  async function dispatchAs(who: Actor, id: string, input: Acting & { organisationCode?: string | undefined; organisation?: CaseOrganisation; categoryCode?: string | undefined; urgency?: Urgency | undefined }) {
    const current = await load(who, id, 'dispatch');
    const categoryCode = input.categoryCode ?? current.categoryCode;
    if (!categoryCode) {
      throw CategoryRequired();
    }
    const category = await limitsOf(categoryCode);
    const code = input.organisationCode ?? category.responsibility.organisationCode;
    const target = input.organisation ?? (await org.getOrganisationByCode(code));
    if (!target) {
      throw OrganisationNotFound({ organisationCode: code });
    }
    if (who.principal && !target.divisionCode.startsWith(regionPrefix(who.principal))) {
      throw OutsideRegion({ divisionCode: target.divisionCode });
    }
    const urgency = input.urgency ?? current.urgency;
    return apply(who, current, 'dispatch', input.version, dispatchPatch(target, category, urgency), input.comment ?? null, { categoryCode, urgency });
  }

  return {
    dispatchAs,
    /**
     * 派遣 of a case as it is taken in, to a department already looked up (智能分拨): the
     * columns the dispatch sets and what its timeline entry says. The intake writes the
     * case dispatched at once, with both happenings.
     */
    dispatchAtIntake(urgency: Urgency, to: { category: CategoryRecord; organisation: CaseOrganisation; comment: string }) {
      return {
        patch: { status: TRANSITIONS.dispatch.to, ...dispatchPatch(to.organisation, to.category, urgency) },
        comment: to.comment,
        details: { categoryCode: to.category.code, urgency },
      };
    },
    dispatch: (p: Principal, id: string, input: Acting & { organisationCode?: string | undefined; categoryCode?: string | undefined; urgency?: Urgency | undefined }) => dispatchAs(asActor(p), id, input),

    /** 签收 by the assigned organisation. */
    async sign(p: Principal, id: string, input: Acting) {
      const who = asActor(p);
      return apply(who, await load(who, id, 'sign'), 'sign', input.version, {}, input.comment ?? null);
    },
    /** 处置: a progress note; may be given several times. */
    async handle(p: Principal, id: string, input: Acting & { comment: string }) {
      const who = asActor(p);
      return apply(who, await load(who, id, 'handle'), 'handle', input.version, {}, input.comment);
    },
    /** 反馈: the organisation's answer; the deadline clock stops. */
    async reply(p: Principal, id: string, input: Acting & { comment: string }) {
      const who = asActor(p);
      return apply(who, await load(who, id, 'reply'), 'reply', input.version, {}, input.comment);
    },
    /** 退回: a wrongly dispatched case goes back to the dispatcher with the reason. */
    async return(p: Principal, id: string, input: Acting & { reason: string }) {
      const who = asActor(p);
      const current = await load(who, id, 'return');
      const patch: CasePatch = { org_id: null, org_code: null, org_name: null, deadline_at: null, due_on: null, limit_hours: null, limit_days: null, warning: 'none', return_count: current.returnCount + 1 };
      return apply(who, current, 'return', input.version, patch, input.reason, { returnedBy: current.organisation?.code ?? null });
    },
    /** 回访: the citizen's satisfaction. */
    async callback(p: Principal, id: string, input: Acting & { satisfaction: Satisfaction }) {
      const who = asActor(p);
      return apply(who, await load(who, id, 'callback'), 'callback', input.version, { satisfaction: input.satisfaction }, input.comment ?? null, { satisfaction: input.satisfaction });
    },
    /** 结案. */
    async close(p: Principal, id: string, input: Acting) {
      const who = asActor(p);
      return apply(who, await load(who, id, 'close'), 'close', input.version, { closed_at: now() }, input.comment ?? null);
    },
    /** 重办: an unsatisfied case goes back to the same organisation with a new deadline. */
    async reopen(p: Principal, id: string, input: Acting) {
      const who = asActor(p);
      const current = await load(who, id, 'reopen');
      if (current.satisfaction !== 'unsatisfied' || !current.organisation || !current.categoryCode) {
        throw InvalidTransition({ action: 'reopen', satisfaction: current.satisfaction });
      }
      const category = await limitsOf(current.categoryCode);
      const patch: CasePatch = { satisfaction: null, reopen_count: current.reopenCount + 1, ...deadlinePatch(current.urgency, category.responsibility) };
      return apply(who, current, 'reopen', input.version, patch, input.comment ?? null);
    },
  };
}
