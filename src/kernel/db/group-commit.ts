/**
 * Group commit: callers hand in items and wait until a transaction that contains them has
 * committed; items arriving while one write runs go together into the next. A busy path
 * (every gateway call writes a call row, a counter and an audit record) then pays one
 * transaction, one audit lock and one multi-row insert per batch instead of per call,
 * while every caller still replies only after its own rows are durable.
 *
 * When a batch fails, its items are written again one by one, so one bad item fails only
 * its own caller. A write may return one result per item (e.g. the rows it created); each
 * caller then gets its own.
 */
export interface GroupCommit<T, R = void> {
  /** Resolves, with the item's result, once `item` is committed; rejects with the error of its own write. */
  add(item: T): Promise<R>;
  /** Resolves when everything added so far is written (or has failed). */
  drain(): Promise<void>;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit<T, R = void>(options: {
  /** Writes the items in one transaction, in the order given; may return one result per item, in that order. */
  write: (items: T[]) => Promise<R[] | void>;
  /** Most items in one transaction. */
  maxBatch?: number;
  /**
   * Writes in flight at once (default 1). Two let one batch do its first statements while
   * the other waits for its commit; the writes must then not depend on each other's order.
   */
  concurrency?: number;
  /**
   * Under load — the last batch held more than one item — wait up to this long before taking
   * the next batch, until as many more items are queued as the last batch held: the callers
   * just answered then join it with their next items instead of waiting a whole write for
   * the one after (default 0: take what is queued at once).
   */
  lingerMs?: number;
}): GroupCommit<T, R> {
  const maxBatch = options.maxBatch ?? 200;
  const concurrency = options.concurrency ?? 1;
  const lingerMs = options.lingerMs ?? 0;
  let queue: Array<Pending<T, R>> = [];
  const writers = new Set<Promise<void>>();
  let lastSize = 0;
  let lingering: { target: number; wake: () => void } | null = null;

  const shouldLinger = () => lingerMs > 0 && lastSize > 1 && queue.length < maxBatch && !lingering;

  /** Waits until the last batch's callers may be back: as many more items as it held, or `lingerMs`. */
  function gather(): Promise<void> {
    const target = Math.min(maxBatch, queue.length + lastSize);
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        lingering = null;
        resolve();
      };
      const timer = setTimeout(done, lingerMs);
      lingering = { target, wake: done };
    });
  }

  async function writeBatch(batch: Array<Pending<T, R>>): Promise<void> {
    try {
      const results = await options.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results ? results[i]! : (undefined as R)));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const pending of batch) {
        await writeBatch([pending]);
      }
    }
  }

  // A writer leaves in the same synchronous step in which it finds the queue empty, so an
  // item added after that step always finds a free writer slot.
  let active = 0;
  async function writeUntilEmpty(): Promise<void> {
    try {
      while (queue.length > 0) {
        // Only when lingering: an await would let a burst of synchronous adds in as well.
        if (shouldLinger()) {
          await gather();
        }
        const batch = queue.slice(0, maxBatch);
        lastSize = batch.length;
        queue = queue.slice(batch.length);
        await writeBatch(batch);
      }
    } finally {
      active -= 1;
    }
  }

  function startWriter(): void {
    active += 1;
    const writer = writeUntilEmpty();
    writers.add(writer);
    void writer.finally(() => writers.delete(writer));
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (lingering && queue.length >= lingering.target) {
          lingering.wake();
        }
        if (active < concurrency) {
          startWriter();
        }
      });
    },
    async drain() {
      while (writers.size > 0) {
        await Promise.all(writers);
      }
    },
  };
}
