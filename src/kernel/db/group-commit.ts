/**
 * Group commit: callers hand in items and wait until a transaction that contains them has
 * committed; items arriving while one write runs go together into the next. A busy path
 * (every gateway call writes a call row, a counter and an audit record) then pays one
 * transaction, one audit lock and one multi-row insert per batch instead of per call,
 * while every caller still replies only after its own rows are durable.
 *
 * When a batch fails, its items are written again one by one, so one bad item fails only
 * its own caller.
 */
export interface GroupCommit<T> {
  /** Resolves once `item` is committed; rejects with the error of its own write. */
  add(item: T): Promise<void>;
  /** Resolves when everything added so far is written (or has failed). */
  drain(): Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit<T>(options: {
  /** Writes the items in one transaction, in the order given. */
  write: (items: T[]) => Promise<void>;
  /** Most items in one transaction. */
  maxBatch?: number;
  /**
   * Writes in flight at once (default 1). Two let one batch do its first statements while
   * the other waits for its commit; the writes must then not depend on each other's order.
   */
  concurrency?: number;
}): GroupCommit<T> {
  const maxBatch = options.maxBatch ?? 200;
  const concurrency = options.concurrency ?? 1;
  let queue: Array<Pending<T>> = [];
  const writers = new Set<Promise<void>>();

  async function writeBatch(batch: Array<Pending<T>>): Promise<void> {
    try {
      await options.write(batch.map((p) => p.item));
      batch.forEach((p) => p.resolve());
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
        const batch = queue.slice(0, maxBatch);
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
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
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
