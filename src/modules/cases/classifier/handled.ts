import { tablesOf, type Executor } from '../../../kernel/db/index.js';
import { DEMO_ACTOR } from '../cases.model.js';
import type { CasesTables } from '../cases.tables.js';
import type { Example } from './model.js';

/** Most cases of each kind read for one training. */
export const MAX_HANDLED = 20_000;

export interface HandledExamples {
  /** Cases the department answered (反馈 and later) without returning: the category held. */
  confirmed: Example[];
  /** Categories under which a department returned a case (退回): the text is not that category. */
  returned: Example[];
}

const categoryOf = (details: unknown): string | null => {
  const parsed: unknown = typeof details === 'string' ? JSON.parse(details) : details;
  const code = parsed && typeof parsed === 'object' ? (parsed as { categoryCode?: unknown }).categoryCode : undefined;
  return typeof code === 'string' ? code : null;
};

/**
 * What the handling of cases teaches: the final category of each answered case, and for
 * each 退回 the category the case had been dispatched under. Alarm cases (machine text)
 * are left out.
 */
export async function readHandledExamples(executor: Executor, limit = MAX_HANDLED): Promise<HandledExamples> {
  const db = tablesOf<CasesTables>(executor);
  const answered = await db
    .selectFrom('cases_case')
    .select(['id', 'description', 'category_code'])
    .where('status', 'in', ['replied', 'visited', 'closed'])
    .where('category_code', 'is not', null)
    .where('channel', '!=', 'iot')
    // The demo's history is drawn from the corpus itself: nothing to learn, only time to spend.
    .where((eb) => eb.or([eb('created_by', 'is', null), eb('created_by', '!=', DEMO_ACTOR)]))
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  const finalCategory = new Map(answered.map((c) => [c.id, c.category_code]));
  const steps = await db
    .selectFrom('cases_case_event as e')
    .innerJoin('cases_case as c', 'c.id', 'e.case_id')
    .select(['e.case_id', 'e.action', 'e.details', 'c.description'])
    .where('c.return_count', '>', 0)
    .where('c.channel', '!=', 'iot')
    .where('e.action', 'in', ['dispatch', 'return'])
    .orderBy('e.case_id')
    .orderBy('e.id')
    .limit(limit * 4)
    .execute();
  const returned: Example[] = [];
  let dispatchedUnder: { caseId: string; category: string | null } | null = null;
  for (const step of steps) {
    if (step.action === 'dispatch') {
      dispatchedUnder = { caseId: step.case_id, category: categoryOf(step.details) };
    } else if (dispatchedUnder?.caseId === step.case_id && dispatchedUnder.category && dispatchedUnder.category !== finalCategory.get(step.case_id)) {
      returned.push({ text: step.description, category: dispatchedUnder.category, negative: true });
    }
    if (returned.length >= limit) {
      break;
    }
  }
  return {
    confirmed: answered.map((c) => ({ text: c.description, category: c.category_code! })),
    returned,
  };
}
