/**
 * Coalesces identical reads in flight: a call made while the same read (same key) is still
 * running shares its result instead of sending another query. Nothing is kept once the
 * read settles, so no caller sees a result older than the moment it called, less one
 * query's run. Concurrent submissions for the same item (and the same applicant's
 * repeated ones) then pay one item, procedure or license-type read between them.
 */
export function singleFlight<A extends unknown[], R>(read: (...args: A) => Promise<R>, key: (...args: A) => string): (...args: A) => Promise<R> {
  const inFlight = new Map<string, Promise<R>>();
  return (...args: A) => {
    const k = key(...args);
    const running = inFlight.get(k);
    if (running) {
      return running;
    }
    const started = read(...args).finally(() => inFlight.delete(k));
    inFlight.set(k, started);
    return started;
  };
}
