/**
 * bench/services-apply: applications submitted per second through the services layer —
 * the applicant resolved, the item and its procedure read, the form validated against the
 * item's JSON Schema, three uploaded materials checked, the 营业执照 material replaced by
 * the applicant's e-license, the 秒批 rules evaluated over the registry (refused: 餐饮 is
 * not instant), the 办件编号 drawn, and in one transaction the application, its materials,
 * the first workflow record (受理 pending: log, message, event) and the audit record —
 * against a bare insert of the same payload into a plain table, in the same run on the
 * same database (PGlite, or PostgreSQL when DATABASE_URL is set), at each concurrency
 * level. Rounds alternate the order; a level's figures are medians, and the figures
 * compared are each side's peak over the levels (see _throughput.ts). Goal: services ≥
 * 0.25 × bare.
 *
 *   npm run bench -- services-apply [applications=500] [rounds=3] [concurrency levels=4,16,32,64,128]
 */
import { sql } from 'kysely';
import { createTestDatabase, testConfig } from '../src/kernel/testing/test-platform.js';
import { createPlatform } from '../src/platform.js';
import { FOOD_ITEM, foodForm, foodMaterials } from './_services-fixture.js';
import { levels, peaks, rate, type LevelResult } from './_throughput.js';

const GOAL = 0.25;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  const total = Number(args[0] ?? 500);
  const rounds = Number(args[1] ?? 3);
  const concurrencies = levels(args[2], [4, 16, 32, 64, 128]);
  const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  const database = await createTestDatabase({ migrate: false });
  const platform = await createPlatform(testConfig(), { database });
  try {
    const loading = performance.now();
    await platform.loadDemo();
    console.log(`${kind}: demo loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s`);
    const principal = (await platform.org.auth.userPrincipalByUsername('chuangyi'))!;
    const services = platform.services.applications;
    const materials = await foodMaterials((file) => services.uploadFile(principal, file));
    const payload = { item: FOOD_ITEM, form: foodForm(), materials };
    await sql`create table bench_services_apply (id uuid primary key default gen_random_uuid(), number text not null, payload jsonb not null, submitted_at timestamptz not null default now())`.execute(database.db);

    // Warm up both paths (schema compilation, prepared plans).
    for (let i = 0; i < 10; i++) {
      await services.submit(principal, payload);
    }
    const kinds = {
      services: (concurrency: number) =>
        rate(total, concurrency, async () => {
          const app = await services.submit(principal, payload);
          if (app.status !== 'submitted' || app.instant !== 'refused') {
            throw new Error(`unexpected application state ${app.status}/${app.instant}`);
          }
        }),
      bare: (concurrency: number) => rate(total, concurrency, (i) => sql`insert into bench_services_apply (number, payload) values (${`bare-${i}`}, ${JSON.stringify(payload)}::jsonb)`.execute(database.db)),
    };
    const levelResults: LevelResult[] = [];
    for (const concurrency of concurrencies) {
      const results = { services: [] as number[], bare: [] as number[] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (['bare', 'services'] as const) : (['services', 'bare'] as const);
        for (const name of order) {
          results[name].push(await kinds[name](concurrency));
        }
      }
      console.log(`${kind} concurrency ${concurrency}: services ${results.services.map((v) => v.toFixed(0)).join(' / ')} apps/s, bare ${results.bare.map((v) => v.toFixed(0)).join(' / ')} rows/s`);
      levelResults.push({ concurrency, value: median(results.services), baseline: median(results.bare) });
    }
    const count = await sql<{ n: number }>`select count(*)::int as n from services_application where item_code = ${FOOD_ITEM}`.execute(database.db);
    const audited = await sql<{ n: number }>`select count(*)::int as n from kernel_audit_log where action = 'services.application.submit'`.execute(database.db).catch(() => ({ rows: [{ n: -1 }] }));
    console.log(`${kind}: ${count.rows[0]!.n} applications stored, ${audited.rows[0]!.n} submit audit records`);
    const { value, baseline, ratio } = peaks(levelResults, 'apps/s');
    console.log(`RESULT services-apply value=${value.toFixed(1)} unit=apps/s baseline=${baseline.toFixed(1)} ratio=${ratio.toFixed(3)} goal=${GOAL}`);
  } finally {
    await platform.close();
  }
}
