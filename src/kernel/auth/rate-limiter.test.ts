import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

describe('createRateLimiter', () => {
  it('allows `limit` calls per window and per key, then says how long to wait', () => {
    const limiter = createRateLimiter(60_000);
    expect(limiter.take('a', 2, 0).allowed).toBe(true);
    expect(limiter.take('a', 2, 1_000).allowed).toBe(true);
    expect(limiter.take('a', 2, 2_000)).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect(limiter.take('b', 2, 2_000).allowed).toBe(true);
    expect(limiter.take('a', 2, 60_000).allowed).toBe(true);
  });
});
