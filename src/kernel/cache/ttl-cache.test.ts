import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.js';

describe('createTtlCache', () => {
  it('returns a value until its time to live has passed', () => {
    const cache = createTtlCache<string, number>({ ttlMs: 1000 });
    cache.set('a', 1, 10_000);
    expect(cache.get('a', 10_999)).toBe(1);
    expect(cache.get('a', 11_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entry beyond maxEntries', () => {
    const cache = createTtlCache<string, number>({ ttlMs: 1000, maxEntries: 2 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, 2, 3]);
  });

  it('deletes one key or every entry whose value matches', () => {
    const cache = createTtlCache<string, { grant: string }>({ ttlMs: 1000 });
    cache.set('org1:res', { grant: 'g1' });
    cache.set('org2:res', { grant: 'g1' });
    cache.set('org3:res', { grant: 'g2' });
    cache.deleteWhere((v) => v.grant === 'g1');
    expect(cache.size).toBe(1);
    cache.delete('org3:res');
    expect(cache.get('org3:res')).toBeUndefined();
  });
});
