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

  it('writes a call that arrives alone at once, even with a long wait for calls under way', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>({ maxWaitMs: 10_000, write: async (items) => void batches.push(items) });
    const started = performance.now();
    await group.begin().add(1);
    await group.add(2);
    expect(batches).toEqual([[1], [2]]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('waits for the calls under way, so that calls begun together commit together', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>({
      maxWaitMs: 10_000,
      write: async (items) => {
        await tick();
        batches.push(items);
      },
    });
    const tickets = [1, 2, 3, 4].map(() => group.begin());
    const first = tickets[0]!.add(1);
    await tick();
    const rest = [tickets[1]!.add(2), tickets[2]!.add(3)];
    await tick();
    // A call that ends without an item does not hold the batch back.
    tickets[3]!.close();
    tickets[3]!.close();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('stops waiting for calls under way after maxWaitMs', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>({ maxWaitMs: 20, write: async (items) => void batches.push(items) });
    const slow = group.begin();
    await group.begin().add(1);
    expect(batches).toEqual([[1]]);
    await slow.add(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it('keeps batches full when busy callers come back one after another', async () => {
    const sizes: number[] = [];
    const group = createGroupCommit<number>({
      maxWaitMs: 1_000,
      write: async (items) => {
        await tick();
        sizes.push(items.length);
      },
    });
    // Four callers, each doing some work of its own before adding its next item.
    await Promise.all(
      Array.from({ length: 4 }, async (_, caller) => {
        for (let round = 0; round < 5; round += 1) {
          const ticket = group.begin();
          await new Promise((resolve) => setTimeout(resolve, 1 + caller));
          await ticket.add(caller * 10 + round);
        }
      }),
    );
    expect(sizes).toEqual([4, 4, 4, 4, 4]);
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
