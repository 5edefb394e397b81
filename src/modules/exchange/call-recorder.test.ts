import { describe, expect, it } from 'vitest';
import { createCallRecorder } from './call-recorder.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createCallRecorder', () => {
  it('writes a call that arrives alone at once', async () => {
    const batches: number[][] = [];
    const recorder = createCallRecorder<number>(async (items) => void batches.push(items), { maxWaitMs: 10_000 });
    const started = Date.now();
    await recorder.begin().add(1);
    expect(batches).toEqual([[1]]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for the calls under way, so that calls arriving together commit together', async () => {
    const batches: number[][] = [];
    const recorder = createCallRecorder<number>(
      async (items) => {
        await pause(5);
        batches.push(items);
      },
      { maxWaitMs: 10_000 },
    );
    const tickets = [1, 2, 3, 4].map(() => recorder.begin());
    const first = tickets[0]!.add(1);
    await pause(5);
    const rest = [tickets[1]!.add(2), tickets[2]!.add(3)];
    await pause(5);
    // A call that ends without a record does not hold the batch back.
    tickets[3]!.close();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('stops waiting after maxWaitMs', async () => {
    const batches: number[][] = [];
    const recorder = createCallRecorder<number>(async (items) => void batches.push(items), { maxWaitMs: 20 });
    const slow = recorder.begin();
    await recorder.begin().add(1);
    expect(batches).toEqual([[1]]);
    await slow.add(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it('when a batch fails, writes its items one by one so that only the bad one fails', async () => {
    const written: number[] = [];
    const recorder = createCallRecorder<number>(async (items) => {
      if (items.includes(2)) {
        throw new Error('bad item');
      }
      written.push(...items);
    });
    const tickets = [1, 2, 3].map(() => recorder.begin());
    const results = await Promise.allSettled(tickets.map((ticket, i) => ticket.add(i + 1)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(written).toEqual([1, 3]);
  });
});
