import { describe, expect, it } from 'vitest';
import { createBatchLoader } from './batch-loader.js';

describe('createBatchLoader', () => {
  it('loads the keys asked for together with one call and hands each caller its own value', async () => {
    const batches: string[][] = [];
    const load = createBatchLoader(
      async (keys: string[]) => {
        batches.push(keys);
        return keys.map((k) => `value of ${k}`);
      },
      async (key: string) => `alone ${key}`,
    );
    expect(await Promise.all([load('a'), load('b'), load('c')])).toEqual(['value of a', 'value of b', 'value of c']);
    expect(batches).toEqual([['a', 'b', 'c']]);
    // Asked for alone, a key is loaded on its own.
    expect(await load('d')).toBe('alone d');
    expect(batches).toHaveLength(1);
  });

  it('when the batch fails, loads each key alone so that only the bad key fails', async () => {
    const load = createBatchLoader(
      async () => {
        throw new Error('one bad key');
      },
      async (key: string) => {
        if (key === 'bad') {
          throw new Error(`invalid ${key}`);
        }
        return key.toUpperCase();
      },
    );
    const results = await Promise.allSettled([load('a'), load('bad'), load('c')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['A', 'invalid bad', 'C']);
  });
});
