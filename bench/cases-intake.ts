/**
 * bench/cases-intake: 12345 calls taken in and dispatched per second through the cases
 * service — intake (validation, SM4-encrypted phone with blind index, grid look-up, the
 * classifier's suggestion, duplicate look-up with jieba), dispatch to the responsible
 * department with the working-day deadline (by the classifier inside the intake when it is
 * confident, else by the dispatcher taking its top suggestion), and for each step the
 * timeline entry, the outbox event and the hash-chained audit record — against a bare
 * insert of the same case row into a plain table (no index, no constraint) in the same
 * database and run, at each concurrency level; the figures compared are each side's peak
 * (see _throughput.ts), and every level is printed. Texts are the corpus's held-out fifth
 * (the platform's classifier trains on the whole corpus, so they are known to it). Goal:
 * ≥ 0.25 of the bare insert rate, ≥ 200 cases/s on PostgreSQL.
 *
 *   npm run bench -- cases-intake [cases per level=1000] [concurrency levels=8,32,64,128]
 *
 * PGlite (in memory) by default; with DATABASE_URL a fresh schema on that PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { Principal } from '../src/kernel/auth/index.js';
import { createTestDatabase } from '../src/kernel/testing/test-database.js';
import { testConfig } from '../src/kernel/testing/test-platform.js';
import { isHeldOut, readCategories, readCorpus } from '../src/modules/cases/index.js';
import { createPlatform } from '../src/platform.js';
import { levels, peaks, rate, type LevelResult } from './_throughput.js';

const GOAL = 0.25;
/** Realistic 12345 wordings: the held-out fifth of the shipped corpus. */
const TEXTS = readCorpus(new Set(readCategories().map((c) => c.code))).filter((t) => isHeldOut(t.text));

/** A 12345 call as an operator records it: no category (the classifier's job), a point in 鄂城区. */
function caseInput(i: number) {
  const text = TEXTS[i % TEXTS.length]!;
  return {
    type: 'complaint' as const,
    description: text.text,
    address: '鄂州市鄂城区',
    point: { lon: 114.85 + ((i * 7919) % 1000) / 10_000, lat: 30.36 + ((i * 104_729) % 1000) / 10_000 },
    reporterName: '市民',
    reporterPhone: `139${String(10_000_000 + i).slice(-8)}`,
  };
}

export async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 1000);
  const concurrencies = levels(args[1], [8, 32, 64, 128]);
  const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${engine}, ${count} cases at each concurrency of ${concurrencies.join(', ')}`);
  const database = await createTestDatabase({ migrate: false });
  const platform = await createPlatform(testConfig(), { database });
  try {
    await platform.org.seedDemo();
    // The grids: intake looks up the grid containing each point.
    await platform.grid.seedDemo();
    const dispatcher = (await platform.org.auth.userPrincipalByUsername('dispatcher')) as Principal;
    const service = platform.cases.service;
    const db = database.db;
    await sql`create table bench_plain_case (like cases_case)`.execute(db);

    // Warm-up (jieba's dictionary, prepared plans) outside the measurement.
    for (let i = 0; i < 20; i += 1) {
      const warm = await service.staffIntake(dispatcher, 'hotline', caseInput(count + i));
      if (warm.status !== 'dispatched') {
        await service.dispatch(dispatcher, warm.id, { version: warm.version, categoryCode: warm.suggestion!.categoryCode });
      }
    }
    const dispatchedCount = async () => (await sql<{ n: number }>`select count(*)::int as n from cases_case where status = 'dispatched'`.execute(db)).rows[0]!.n;
    const warmedUp = await dispatchedCount();

    const bare = async (i: number) => {
      const input = caseInput(i);
      await sql`insert into bench_plain_case (id, number, channel, type, category_code, description, address, lon, lat, division_code, reporter_name, reporter_phone_masked, urgency, status, warning, return_count, reopen_count, version, created_at, updated_at)
        values (${randomUUID()}, ${`B${i}`}, 'hotline', ${input.type}, ${TEXTS[i % TEXTS.length]!.category}, ${input.description}, ${input.address}, ${input.point.lon}, ${input.point.lat}, '420700', ${input.reporterName}, '139****0000', 'normal', 'accepted', 'none', 0, 0, 1, now(), now())`.execute(db);
    };
    let automatic = 0;
    const full = async (i: number) => {
      const created = await service.staffIntake(dispatcher, 'hotline', caseInput(i));
      if (created.status === 'dispatched') {
        automatic += 1;
        return;
      }
      // Not confident enough: the dispatcher takes the top suggestion.
      await service.dispatch(dispatcher, created.id, { version: created.version, categoryCode: created.suggestion!.categoryCode });
    };

    const results: LevelResult[] = [];
    for (const concurrency of concurrencies) {
      // Bare inserts before and after; the faster is the baseline.
      await sql`truncate bench_plain_case`.execute(db);
      const bareBefore = await rate(count, concurrency, bare);
      const value = await rate(count, concurrency, full);
      await sql`truncate bench_plain_case`.execute(db);
      const bareAfter = await rate(count, concurrency, bare);
      results.push({ concurrency, value, baseline: Math.max(bareBefore, bareAfter) });
    }
    const dispatched = (await dispatchedCount()) - warmedUp;
    if (dispatched !== count * concurrencies.length) {
      throw new Error(`expected ${count * concurrencies.length} dispatched cases, found ${dispatched}`);
    }
    console.log(`yiwang intake + dispatch (cases/s) against a bare insert (rows/s); dispatched by the classifier: ${automatic} of ${count * concurrencies.length}`);
    const { value, baseline, ratio } = peaks(results, 'cases/s');
    console.log(`RESULT cases-intake value=${value.toFixed(1)} unit=cases/s baseline=${baseline.toFixed(0)} ratio=${ratio.toFixed(3)} goal=${GOAL}`);
  } finally {
    await platform.close();
  }
}
