import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import { todayInShanghai, type WorkingCalendar } from '../../kernel/calendar/index.js';
import type { Db } from '../../kernel/db/index.js';
import { APPLICATION_DEADLINE } from './applications.events.js';
import { createApplicationPartsRepository } from './application-parts.repository.js';
import { createApplicationRepository } from './applications.repository.js';
import { deadlineState, workingDaysLeft } from './deadline-clock.js';

export interface DeadlineDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
  calendar: Pick<WorkingCalendar, 'workingDaysBetween'>;
  now: () => Date;
  warningDays: number;
}

const PAGE = 500;

/**
 * The recurring deadline check (job `services.deadlines.check`): every accepted application
 * whose clock runs is marked `warning` within `warningDays` working days of its deadline and
 * `overdue` after it, with a `services.application.deadline` event, a log entry and an audit
 * record for each newly warned or overdue one. Idempotent: an unchanged state writes nothing,
 * and a state another node set first is skipped.
 */
export async function checkDeadlines(deps: DeadlineDeps): Promise<{ warning: number; overdue: number; normal: number }> {
  const today = todayInShanghai(deps.now());
  const counts = { warning: 0, overdue: 0, normal: 0 };
  let after: string | null = null;
  for (;;) {
    const page = await createApplicationRepository(deps.db).running(after, PAGE);
    for (const app of page) {
      const state = deadlineState(deps.calendar, app.clock.dueOn!, today, deps.warningDays);
      if (state === app.deadlineState) {
        continue;
      }
      await deps.db.transaction().execute(async (trx) => {
        const repo = createApplicationRepository(trx);
        if (!(await repo.setDeadlineState(app.id, app.deadlineState, state))) {
          return;
        }
        counts[state] += 1;
        if (state === 'normal') {
          return;
        }
        const left = workingDaysLeft(deps.calendar, app.clock.dueOn!, today);
        await createApplicationPartsRepository(trx).insertLog(app.id, {
          action: state,
          step: null,
          fromStatus: app.status,
          toStatus: app.status,
          actor: 'system:services.deadlines',
          organisationName: null,
          comment: state === 'overdue' ? `已超过承诺办结时限（${app.clock.dueOn}）` : `距承诺办结时限（${app.clock.dueOn}）还有 ${left} 个工作日`,
          details: { dueOn: app.clock.dueOn, workingDaysLeft: left },
        });
        await deps.bus.publish(trx, { type: APPLICATION_DEADLINE, payload: { applicationId: app.id, number: app.number, organisationId: app.organisation.id, state, dueOn: app.clock.dueOn! } });
        await deps.audit.append(trx, {
          actor: 'system:services.deadlines',
          action: `services.application.${state}`,
          target: `services.application:${app.id}`,
          details: { number: app.number, dueOn: app.clock.dueOn, workingDaysLeft: left },
        });
      });
    }
    if (page.length < PAGE) {
      return counts;
    }
    after = page.at(-1)!.id;
  }
}
