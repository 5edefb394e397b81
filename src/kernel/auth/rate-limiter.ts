/**
 * A fixed-window counter per key, kept in this process's memory: each node enforces the
 * limit on its own share of the traffic. Windows are reset lazily; the map is swept when
 * it grows, so idle keys do not accumulate.
 */
export function createRateLimiter(limit: number, windowMs: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one call; returns the seconds to wait when the key is over its limit. */
    take(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
      let window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        if (windows.size > 10_000) {
          for (const [k, w] of windows) {
            if (now - w.start >= windowMs) {
              windows.delete(k);
            }
          }
        }
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count > limit) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) };
      }
      return { allowed: true };
    },
  };
}
