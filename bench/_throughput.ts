/**
 * Throughput measured as a service is sized: the rate at the load it does best, for the
 * measured path and for its bare baseline alike. A group-committing writer gains from
 * concurrency (more calls share a transaction) while a bare insert stops gaining early,
 * so a comparison at one fixed load says more about that load than about either side;
 * the benches that use this print every level and compare the peaks.
 */

/** Runs `work(i)` for i in [0, count) on `concurrency` workers; calls per second. */
export async function rate(count: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        await work(i);
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Concurrency levels from an argument such as `8,32,64`. */
export function levels(arg: string | undefined, fallback: readonly number[]): number[] {
  const parsed = (arg ?? '').split(',').filter(Boolean).map(Number);
  if (parsed.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`concurrency levels must be positive integers, e.g. 8,32,64 (got ${arg})`);
  }
  return parsed.length > 0 ? parsed : [...fallback];
}

export interface LevelResult {
  concurrency: number;
  value: number;
  baseline: number;
}

/** One line per level, then the peaks: `{ value, baseline, ratio }` of the best level of each side. */
export function peaks(results: readonly LevelResult[], unit: string): { value: number; baseline: number; ratio: number } {
  for (const r of results) {
    console.log(`  concurrency ${String(r.concurrency).padStart(3)}: ${r.value.toFixed(1)} ${unit} against bare ${r.baseline.toFixed(0)} (ratio ${(r.value / r.baseline).toFixed(3)})`);
  }
  const best = (pick: (r: LevelResult) => number) => results.reduce((a, r) => (pick(r) > pick(a) ? r : a));
  const value = best((r) => r.value);
  const baseline = best((r) => r.baseline);
  console.log(`peaks: ${value.value.toFixed(1)} ${unit} at concurrency ${value.concurrency}; bare ${baseline.baseline.toFixed(0)} at concurrency ${baseline.concurrency}`);
  return { value: value.value, baseline: baseline.baseline, ratio: value.value / baseline.baseline };
}
