import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../kernel/auth/index.js';
import { createTestDatabase, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';
import { PDF, PNG } from './applications.testkit.js';

// Submissions through the group-commit writer: concurrent callers share transactions.
const FOOD_ITEM = '010004300000-420700000000-000-114207000110010179-1-00';
const REFUSED_PREMISES = '触发器拒绝的经营场所';

let platform: Platform;
let principal: Principal;
let materials: Array<{ name: string; fileId: string }>;

const form = (premises: string) => ({ phone: '13800138000', agentName: '白丹', agentIdNumber: '420704198507221127', premises, mainBusiness: '餐饮服务经营者', items: ['热食类食品制售'] });

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  principal = (await platform.org.auth.userPrincipalByUsername('chuangyi'))!;
  const upload = async (filename: string, data: Buffer) => (await platform.services.applications.uploadFile(principal, { filename, data })).id;
  materials = [
    { name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', fileId: await upload('布局.pdf', PDF) },
    { name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单', fileId: await upload('制度.pdf', PDF) },
    { name: '食品安全管理人员身份证明', fileId: await upload('身份证.png', PNG) },
  ];
  // A write that only the database refuses: every check before the transaction passes.
  await sql
    .raw(
      `create function test_refuse_application() returns trigger language plpgsql as $$
       begin
         if new.form->>'premises' = '${REFUSED_PREMISES}' then raise exception 'test: refused by trigger'; end if;
         return new;
       end $$`,
    )
    .execute(database.db);
  await sql`create trigger test_refuse_application before insert on services_application for each row execute function test_refuse_application()`.execute(database.db);
}, 240_000);

afterAll(async () => {
  await platform?.close();
});

describe('submitting applications concurrently', () => {
  it('gives every caller its own committed application, number, log, message, event and audit record', async () => {
    const submitted = await Promise.all(Array.from({ length: 12 }, (_, i) => platform.services.applications.submit(principal, { item: FOOD_ITEM, form: form(`华容区段店镇集镇大道${i}号`), materials })));
    const numbers = submitted.map((a) => a.number);
    expect(new Set(numbers).size).toBe(12);
    for (const number of numbers) {
      expect(number).toMatch(/^\d{6}-\d{8}-\d{6}$/);
    }
    const db = platform.database.db;
    for (const [i, app] of submitted.entries()) {
      expect(app.form.premises).toBe(`华容区段店镇集镇大道${i}号`);
      expect([app.status, app.instant]).toEqual(['submitted', 'refused']);
      const stored = await platform.services.applications.getApplication(app.id);
      expect(stored?.number).toBe(app.number);
      const audit = await sql<{ details: unknown }>`select details from kernel_audit_log where target = ${`services.application:${app.id}`} and action = 'services.application.submit'`.execute(db);
      expect(audit.rows).toHaveLength(1);
      const details = typeof audit.rows[0]!.details === 'string' ? JSON.parse(audit.rows[0]!.details) : audit.rows[0]!.details;
      expect(details).toMatchObject({ number: app.number, to: 'submitted', item: FOOD_ITEM });
      const messages = await sql<{ body: string }>`select body from services_message where application_id = ${app.id}`.execute(db);
      expect(messages.rows.map((m) => m.body)).toEqual([expect.stringContaining(app.number)]);
      const log = await sql<{ action: string }>`select action from services_application_log where application_id = ${app.id}`.execute(db);
      expect(log.rows.map((l) => l.action)).toEqual(['submit']);
      const attached = await sql<{ source: string; file_id: string | null }>`select source, file_id from services_application_material where application_id = ${app.id}`.execute(db);
      expect(attached.rows.filter((m) => m.source === 'upload').map((m) => m.file_id).sort()).toEqual(materials.map((m) => m.fileId).sort());
      expect(attached.rows.filter((m) => m.source === 'license')).toHaveLength(1);
      const events = await sql<{ n: number }>`select count(*)::int as n from kernel_outbox where type = 'services.application.changed' and payload->>'applicationId' = ${app.id}`.execute(db);
      expect(events.rows[0]!.n).toBe(1);
    }
    expect((await platform.audit.verify()).ok).toBe(true);
  });

  it('fails only the caller whose write fails when it shares a batch with others', async () => {
    const premises = ['华容区一号', REFUSED_PREMISES, '华容区二号', '华容区三号', '华容区四号', '华容区五号'];
    const results = await Promise.allSettled(premises.map((p) => platform.services.applications.submit(principal, { item: FOOD_ITEM, form: form(p), materials })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('refused by trigger');
    const apps = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(apps.map((a) => a.form.premises)).toEqual(premises.filter((p) => p !== REFUSED_PREMISES));
    const db = platform.database.db;
    const refused = await sql<{ n: number }>`select count(*)::int as n from services_application where form->>'premises' = ${REFUSED_PREMISES}`.execute(db);
    expect(refused.rows[0]!.n).toBe(0);
    for (const app of apps) {
      const audit = await sql<{ n: number }>`select count(*)::int as n from kernel_audit_log where target = ${`services.application:${app.id}`}`.execute(db);
      expect(audit.rows[0]!.n).toBe(1);
    }
    expect((await platform.audit.verify()).ok).toBe(true);
  });
});
