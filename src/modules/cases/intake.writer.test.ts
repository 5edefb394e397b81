import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../kernel/auth/index.js';
import { auditActions, startCasesHarness, type CasesHarness } from './cases.testkit.js';
import type { Actor } from './cases.transitions.js';

let h: CasesHarness;
let dispatcher: Principal;

beforeAll(async () => {
  h = await startCasesHarness({ autoDispatchThreshold: 0.6 });
  dispatcher = (await h.platform.org.auth.userPrincipalByUsername('dispatcher')) as Principal;
});
afterAll(() => h.close());

const call = (description: string, i: number, categoryCode?: string) => ({
  type: 'complaint' as const,
  description,
  ...(categoryCode ? { categoryCode } : {}),
  point: { lon: 114.85 + i / 100, lat: 30.36 + i / 100 },
  reporterPhone: `1391234${String(i).padStart(4, '0')}`,
});

describe('intake by group commit', () => {
  it('writes concurrent calls together, each with its own number, timeline and audit records, dispatched as the classifier decides', async () => {
    const service = h.platform.cases.service;
    const seqBefore = (await sql<{ n: number }>`select coalesce(max(seq), 0)::int as n from kernel_audit_log`.execute(h.platform.database.db)).rows[0]!.n;
    const taken = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 3 === 0 ? service.staffIntake(dispatcher, 'hotline', call(`小区门口的路灯坏了好几天 ${i}`, i, 'BJ-01-04')) : service.staffIntake(dispatcher, 'hotline', call('泽林镇泽林大道排水渠盖板塌了，里面的水流不走', i)),
      ),
    );
    expect(new Set(taken.map((c) => c.number)).size).toBe(12);
    for (const [i, c] of taken.entries()) {
      const detail = await service.detail(dispatcher, c.id);
      if (i % 3 === 0) {
        expect(c).toMatchObject({ status: 'accepted', categoryCode: 'BJ-01-04', version: 1, organisation: null });
        expect(detail.timeline.map((e) => e.action)).toEqual(['intake']);
        expect(await auditActions(h.platform, c.id)).toEqual(['cases.case.intake']);
      } else {
        expect(c).toMatchObject({ status: 'dispatched', categoryCode: 'BJ-01-04', version: 2, organisation: { code: 'ezhou-zjj' } });
        expect(c.dueOn).not.toBeNull();
        expect(detail.timeline.map((e) => [e.action, e.toStatus, e.actorName])).toEqual([
          ['intake', 'accepted', 'dispatcher'],
          ['dispatch', 'dispatched', '智能分拨'],
        ]);
        expect(await auditActions(h.platform, c.id)).toEqual(['cases.case.intake', 'cases.case.dispatch']);
      }
    }
    const events = await sql<{ n: number }>`select count(*)::int as n from kernel_outbox where payload->>'caseId' = any(${taken.map((c) => c.id)}::text[])`.execute(h.platform.database.db);
    expect(events.rows[0]!.n).toBe(4 + 8 * 2);
    const audited = await sql<{ n: number }>`select count(*)::int as n from kernel_audit_log where seq > ${seqBefore}`.execute(h.platform.database.db);
    expect(audited.rows[0]!.n).toBe(4 + 8 * 2);
    expect((await h.platform.audit.verify()).ok).toBe(true);
  });

  it('proposes a call as the duplicate of a similar one written in the same batch', async () => {
    const service = h.platform.cases.service;
    const here = { lon: 114.9001, lat: 30.3901 };
    const [first, second] = await Promise.all([
      service.staffIntake(dispatcher, 'hotline', { type: 'complaint', categoryCode: 'BJ-01-04', description: '文化路口井盖破损下陷，行人容易踩空', point: here }),
      service.staffIntake(dispatcher, 'hotline', { type: 'complaint', categoryCode: 'BJ-01-04', description: '文化路口的井盖坏了，下陷很危险', point: { lon: here.lon + 0.0003, lat: here.lat } }),
    ]);
    const pairs = await sql<{ case_id: string; candidate_id: string }>`select case_id, candidate_id from cases_duplicate where case_id in (${first!.id}, ${second!.id})`.execute(h.platform.database.db);
    // The later of the two in the batch names the earlier; never both ways.
    expect(pairs.rows).toHaveLength(1);
    expect([first!.id, second!.id].sort()).toEqual([pairs.rows[0]!.case_id, pairs.rows[0]!.candidate_id].sort());
  });

  it('fails only the call whose row is refused when its batch is written again case by case', async () => {
    const service = h.platform.cases.service;
    const platformActor: Actor = { principal: null, actor: 'system:test', name: null };
    const alarm = (i: number) => ({ type: 'help' as const, categoryCode: 'BJ-01-04', description: `水位超限告警 ${i}`, point: { lon: 114.88, lat: 30.38 } });
    await service.intakeAs(platformActor, 'iot', alarm(0), 'iot.alarm:writer-test');
    const outcomes = await Promise.allSettled([
      service.intakeAs(platformActor, 'iot', alarm(1), 'iot.alarm:writer-test-1'),
      service.intakeAs(platformActor, 'iot', alarm(2), 'iot.alarm:writer-test'),
      service.intakeAs(platformActor, 'iot', alarm(3), 'iot.alarm:writer-test-3'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await sql<{ source_ref: string }>`select source_ref from cases_case where source_ref like 'iot.alarm:writer-test%' order by source_ref`.execute(h.platform.database.db);
    expect(rows.rows.map((r) => r.source_ref)).toEqual(['iot.alarm:writer-test', 'iot.alarm:writer-test-1', 'iot.alarm:writer-test-3']);
    expect((await h.platform.audit.verify()).ok).toBe(true);
  });
});
