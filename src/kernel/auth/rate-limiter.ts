/**
 * Fixed one-window counters per key, kept in this process's memory: each node enforces a
 * limit on its own share of the traffic (behind N nodes a caller may reach N times the
 * limit). Refused calls do not count. Windows reset lazily; the map is swept when it grows,
 * so idle keys do not accumulate.
 */
export function createRateLimiter(windowMs = 60_000) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one call under `key`; refuses past `limit` calls in the current window. */
    take(key: string, limit: number, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
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
      if (window.count >= limit) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) };
      }
      window.count += 1;
      return { allowed: true };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
