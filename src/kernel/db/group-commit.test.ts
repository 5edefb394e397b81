import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createGroupCommit', () => {
  it('writes what arrives during a write as the next batch, in order, and resolves each caller after its batch', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>({
      write: async (items) => {
        await tick();
        batches.push(items);
      },
    });
    const written: number[] = [];
    const all = Array.from({ length: 7 }, (_, i) => group.add(i).then(() => written.push(i)));
    await Promise.all(all);
    expect(batches).toEqual([[0], [1, 2, 3, 4, 5, 6]]);
    expect(written.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('hands each caller its own result of the batch', async () => {
    const group = createGroupCommit<number, string>({ write: async (items) => items.map((i) => `row ${i}`) });
    expect(await Promise.all([group.add(1), group.add(2), group.add(3)])).toEqual(['row 1', 'row 2', 'row 3']);
  });

  it('under load, lingers until the callers just answered are back, so batches stay full', async () => {
    const sizes: number[] = [];
    const group = createGroupCommit<number>({
      lingerMs: 1_000,
      write: async (items) => {
        await tick();
        sizes.push(items.length);
      },
    });
    // Four callers, each adding its next item a moment after the last one was written.
    await Promise.all(
      Array.from({ length: 4 }, async (_, caller) => {
        for (let round = 0; round < 5; round += 1) {
          await group.add(caller * 10 + round);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }),
    );
    // Without lingering the batches alternate between the caller that came back first and the rest.
    expect(sizes.slice(2)).toEqual(sizes.slice(2).map(() => 4));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('does not linger for a lone caller', async () => {
    const group = createGroupCommit<number>({ lingerMs: 10_000, write: async () => undefined });
    const started = performance.now();
    for (let i = 0; i < 3; i += 1) {
      await group.add(i);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    const group = createGroupCommit<number>({ maxBatch: 3, write: async (items) => void sizes.push(items.length) });
    await Promise.all(Array.from({ length: 8 }, (_, i) => group.add(i)));
    expect(sizes).toEqual([1, 3, 3, 1]);
  });

  it('retries a failed batch item by item, so only the bad item’s caller fails', async () => {
    const committed: string[] = [];
    const group = createGroupCommit<string>({
      write: async (items) => {
        await tick();
        if (items.includes('bad')) {
          throw new Error('constraint violated');
        }
        committed.push(...items);
      },
    });
    const first = group.add('a');
    const results = await Promise.allSettled([first, group.add('b'), group.add('bad'), group.add('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ message: 'constraint violated' });
    expect(committed).toEqual(['a', 'b', 'c']);
  });

  it('drains: waits for every write in flight or queued', async () => {
    let done = 0;
    const group = createGroupCommit<number>({
      write: async (items) => {
        await tick();
        done += items.length;
      },
    });
    void group.add(1);
    void group.add(2);
    await group.drain();
    expect(done).toBe(2);
  });
});

describe('createGroupCommit with concurrency', () => {
  it('runs up to `concurrency` writes at once and never strands an item added as a writer finishes', async () => {
    let inFlight = 0;
    let most = 0;
    const written: number[] = [];
    const group = createGroupCommit<number>({
      concurrency: 2,
      write: async (items) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await tick();
        written.push(...items);
        inFlight -= 1;
      },
    });
    // Items arrive in waves, some exactly when a write resolves.
    const adds: Array<Promise<void>> = [];
    for (let wave = 0; wave < 5; wave += 1) {
      adds.push(...Array.from({ length: 4 }, (_, i) => group.add(wave * 4 + i).then(() => void adds.push(group.add(100 + wave * 4 + i)))));
      await tick();
    }
    await Promise.all(adds);
    await group.drain();
    await Promise.all(adds);
    expect(most).toBe(2);
    expect(written.sort((a, b) => a - b)).toEqual([...Array.from({ length: 20 }, (_, i) => i), ...Array.from({ length: 20 }, (_, i) => 100 + i)]);
  });
});
