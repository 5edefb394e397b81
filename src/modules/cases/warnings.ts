import { createCaseRepository } from './case.repository.js';
import type { CasesDeps } from './cases.deps.js';
import { CASE_WARNING } from './cases.events.js';
import { warningOf } from './deadlines.js';

const PAGE = 500;
const ACTOR = 'system:cases.deadlines';

/**
 * The recurring deadline check (job `cases.deadlines.check`): every running case is marked
 * yellow before its deadline and red after it, with a timeline entry, a `cases.case.warning`
 * event and an audit record for each change. Idempotent: an unchanged mark writes nothing,
 * and a mark another node set first is skipped. The case's version is left alone, so the
 * check never makes a handler's next step fail as stale.
 */
export async function checkDeadlines(deps: Pick<CasesDeps, 'db' | 'audit' | 'bus' | 'calendar'>, now: Date): Promise<{ yellow: number; red: number }> {
  const counts = { yellow: 0, red: 0 };
  let after: string | null = null;
  for (;;) {
    const page = await createCaseRepository(deps.db).running(after, PAGE);
    for (const c of page) {
      const warning = warningOf(deps.calendar, { deadlineAt: c.deadlineAt!, dueOn: c.dueOn, limitHours: c.limitHours }, now);
      if (warning === c.warning || warning === 'none') {
        continue;
      }
      await deps.db.transaction().execute(async (trx) => {
        const repo = createCaseRepository(trx);
        if (!(await repo.setWarning(c.id, c.warning, warning))) {
          return;
        }
        counts[warning] += 1;
        const deadlineAt = c.deadlineAt!.toISOString();
        const comment = warning === 'red' ? `已超过办理时限（${c.dueOn ?? deadlineAt}）` : `临近办理时限（${c.dueOn ?? deadlineAt}）`;
        await repo.insertEvents([{ caseId: c.id, action: 'warn', fromStatus: c.status, toStatus: c.status, actor: ACTOR, actorName: null, orgName: c.organisation?.name ?? null, comment, details: { warning, deadlineAt, dueOn: c.dueOn } }]);
        await deps.bus.publish(trx, { type: CASE_WARNING, payload: { caseId: c.id, number: c.number, warning, organisationId: c.organisation?.id ?? null, deadlineAt } });
        await deps.audit.append(trx, { actor: ACTOR, action: `cases.case.${warning}`, target: `cases.case:${c.id}`, details: { number: c.number, deadlineAt, dueOn: c.dueOn } });
      });
    }
    if (page.length < PAGE) {
      return counts;
    }
    after = page.at(-1)!.id;
  }
}
