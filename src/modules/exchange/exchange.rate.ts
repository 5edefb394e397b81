/**
 * Per-grant call limits: a fixed one-minute window per grant, in this process's memory.
 * Each yiwang node enforces a grant's limit on its own share of the traffic, so behind a
 * load balancer of N nodes a consumer may reach up to N times the granted rate.
 */
export function createGrantLimiter(windowMs = 60_000) {
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
