import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCategories } from './categories.js';
import { isHeldOut, readCorpus } from './classifier/corpus.js';
import { startCasesHarness, type CasesHarness } from './cases.testkit.js';

describe('the demo city case history', () => {
  let h: CasesHarness;
  let report: { created: number; running: number };

  beforeAll(async () => {
    h = await startCasesHarness();
    await h.platform.grid.seedDemo();
    report = await h.platform.cases.seedDemo({ days: 40, perDay: 5 });
  });
  afterAll(async () => {
    await h?.close();
  });

  const rows = async <T,>(query: ReturnType<typeof sql<T>>) => (await query.execute(h.platform.database.db)).rows;

  it('writes closed and running cases over the period, once', async () => {
    expect(report.created).toBeGreaterThan(100);
    expect(report.running).toBeGreaterThan(5);
    const byStatus = await rows(sql<{ status: string; n: number }>`select status, count(*)::int as n from cases_case group by status`);
    const counts = Object.fromEntries(byStatus.map((r) => [r.status, r.n]));
    expect(counts.closed).toBe(report.created - report.running);
    expect((counts.accepted ?? 0) + (counts.dispatched ?? 0) + (counts.signed ?? 0) + (counts.handling ?? 0) + (counts.replied ?? 0) + (counts.visited ?? 0)).toBe(report.running);
    const span = await rows(sql<{ days: number }>`select extract(day from max(created_at) - min(created_at))::int as days from cases_case`);
    expect(span[0]!.days).toBeGreaterThanOrEqual(38);
    expect(await h.platform.cases.seedDemo({ days: 40, perDay: 5 })).toEqual({ created: 0, running: 0 });
  });

  it('gives every closed case its whole loop in time order, ending in 结案', async () => {
    const timelines = await rows(sql<{ actions: string[]; ordered: boolean }>`
      select array_agg(e.action order by e.id) as actions,
             bool_and(e.created_at >= coalesce(prev, e.created_at)) as ordered
      from (select *, lag(created_at) over (partition by case_id order by id) as prev from cases_case_event) e
      join cases_case c on c.id = e.case_id where c.status = 'closed' group by e.case_id`);
    expect(timelines.length).toBe(report.created - report.running);
    for (const t of timelines) {
      expect(t.ordered).toBe(true);
      expect(t.actions.slice(0, 2)).toEqual(['intake', 'dispatch']);
      expect(t.actions.at(-1)).toBe('close');
      expect(t.actions).toContain('callback');
    }
  });

  it('takes texts only from the training part of the corpus, and places cases in the city', async () => {
    const heldOut = new Set(readCorpus(new Set(readCategories().map((c) => c.code))).filter((t) => isHeldOut(t.text)).map((t) => t.text));
    const texts = await rows(sql<{ description: string; grid_code: string | null; division_code: string }>`select description, grid_code, division_code from cases_case`);
    expect(texts.some((t) => heldOut.has(t.description))).toBe(false);
    for (const t of texts) {
      expect(t.grid_code).not.toBeNull();
      expect(t.division_code).toMatch(/^4207/);
    }
    // Spread over the three districts, not piled on one point.
    expect(new Set(texts.map((t) => t.division_code)).size).toBeGreaterThanOrEqual(3);
  });

  it('is not learnt from again: the classifier retrains on real handled cases only', async () => {
    const report = await h.platform.cases.service.classification.train();
    expect(report.confirmedCases).toBe(0);
  });

  it('shows the running cases in the dispatcher queue', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/v1/cases?status=dispatched&status=signed&status=handling&pageSize=5', headers: { cookie: h.cookies.dispatcher! } });
    expect(response.statusCode).toBe(200);
    const page = response.json<{ total: number; items: Array<{ status: string; organisation: { name: string } | null }> }>();
    expect(page.total).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(['dispatched', 'signed', 'handling']).toContain(item.status);
      expect(item.organisation?.name).toBeTruthy();
    }
  });
});
