import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';
import { addDays, shanghaiDay } from './exchange.dates.js';
import { demoDailyCalls } from './exchange.demo.js';

let platform: Platform;
let app: FastifyInstance;

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  app = await platform.buildApp(false);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = async (url: string, cookie: string) => {
  const response = await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

interface Item {
  status: string;
  consumer: { name: string };
  resource: { code: string };
  decisionReason: string | null;
  createdAt: string;
}

describe('the demo exchange', () => {
  it('gives the police an inbox with a pending, a narrowed and a rejected request, and a grant in use', async () => {
    const police = await loginAs(app, 'police.steward');
    const inbox = (await get('/exchange/requests?box=inbox', police)).items as Item[];
    expect(inbox.map((r) => r.status).sort()).toEqual(['narrowed', 'pending', 'rejected']);
    expect(inbox[0]).toMatchObject({ status: 'pending', consumer: { name: '鄂州市政务服务和大数据管理局' } });
    const rejected = inbox.find((r) => r.status === 'rejected')!;
    expect(rejected.decisionReason).toMatch(/明文/);
    // Filed on an earlier day, as the history it stands for.
    expect(rejected.createdAt.slice(0, 10)).toBe(addDays(shanghaiDay(), -62));

    const grants = (await get('/exchange/grants?side=owner', police)).items as Array<{ id: string; status: string; ratePerMinute: number; consumer: { name: string } }>;
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ status: 'active', ratePerMinute: 60, consumer: { name: '鄂州市市场监督管理局' } });

    const usage = await get('/exchange/usage', police);
    const yesterday = usage.series.at(-2) as { day: string; calls: number };
    expect(yesterday.day).toBe(addDays(shanghaiDay(), -1));
    expect(yesterday.calls).toBe(demoDailyCalls(yesterday.day, 260).calls);
    expect(usage.series.at(-1).calls).toBe(0); // today counts only real calls
    expect(usage.consumers).toEqual([expect.objectContaining({ consumerOrgName: '鄂州市市场监督管理局' })]);
    expect(usage.resources).toEqual([expect.objectContaining({ resourceName: '人口基础信息' })]);
    expect(usage.resources[0].calls).toBe(usage.consumers[0].calls);
  });

  it('shows the consumers their grants and the market regulator its own usage', async () => {
    const officer = await loginAs(app, 'officer');
    const mine = (await get('/exchange/grants?side=consumer', officer)).items as Array<{ resource: { code: string } }>;
    expect(mine.map((g) => g.resource.code)).toEqual(['420700-gaj-registry-persons']);
    const market = await loginAs(app, 'market.steward');
    const usage = await get('/exchange/usage', market);
    expect(usage.consumers).toEqual([expect.objectContaining({ consumerOrgName: '鄂州市公安局' })]);
    // The big-data centre is left without demo grants: the browser journey and route tests use it.
    const steward = await loginAs(app, 'steward');
    expect((await get('/exchange/grants?side=consumer', steward)).items).toEqual([]);
  });

  it('loads again without filing, deciding or counting anything twice', async () => {
    const count = async () => ({
      requests: (await platform.database.db.selectFrom('exchange_request').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      grants: (await platform.database.db.selectFrom('exchange_grant').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      calls: (await platform.database.db.selectFrom('exchange_usage_daily').select((eb) => eb.fn.sum<number>('calls').as('n')).executeTakeFirstOrThrow()).n,
    });
    const before = await count();
    const report = await platform.loadDemo();
    expect(report.exchangeRequests).toBe(4);
    expect(await count()).toEqual(before);
    expect(Number(before.requests)).toBe(4);
    expect(Number(before.grants)).toBe(2);
  });

  it('keeps weekends quieter than workdays in the call history', () => {
    const monday = demoDailyCalls('2026-03-02', 200);
    const sunday = demoDailyCalls('2026-03-01', 200);
    expect(monday.calls).toBeGreaterThan(sunday.calls * 3);
    expect(monday.refused).toBeLessThan(monday.calls * 0.05);
    expect(demoDailyCalls('2026-03-02', 200)).toEqual(monday);
  });
});
