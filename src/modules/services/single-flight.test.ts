import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.js';

function counted<T>(result: (key: string) => Promise<T>) {
  const calls: string[] = [];
  const read = singleFlight(
    (key: string) => {
      calls.push(key);
      return result(key);
    },
    (key) => key,
  );
  return { read, calls };
}

describe('singleFlight', () => {
  it('shares one read among concurrent calls with the same key, and not across keys', async () => {
    const { read, calls } = counted(async (key) => ({ key }));
    const [a, b, c] = await Promise.all([read('item-1'), read('item-1'), read('item-2')]);
    expect(calls).toEqual(['item-1', 'item-2']);
    expect(a).toBe(b);
    expect(c).toEqual({ key: 'item-2' });
  });

  it('reads again once the shared read has settled', async () => {
    const { read, calls } = counted(async (key) => key);
    await read('item-1');
    await read('item-1');
    expect(calls).toEqual(['item-1', 'item-1']);
  });

  it('gives every sharer the error, then forgets it', async () => {
    let fail = true;
    const { read, calls } = counted(async (key) => {
      if (fail) {
        throw new Error(`no ${key}`);
      }
      return key;
    });
    const results = await Promise.allSettled([read('x'), read('x')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await read('x')).toBe('x');
    expect(calls).toEqual(['x', 'x']);
  });
});
