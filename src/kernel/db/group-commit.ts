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
 *
 * A caller that will add an item after some work of its own (checks, reads) may announce
 * itself first with `begin`: a batch about to be written then waits, up to `maxWaitMs`,
 * for the items of the calls under way. Without that wait, busy callers split into two
 * halves taking turns — those still working when a batch starts wait for it and then for
 * one of their own — and each batch is half as full as it could be. A call alone is
 * written at once.
 */
export interface GroupCommit<T, R = void> {
  /** Resolves, with the item's result, once `item` is committed; rejects with the error of its own write. */
  add(item: T): Promise<R>;
  /** Announces a call that will add its item shortly; close its ticket if it ends without one. */
  begin(): GroupCommitTicket<T, R>;
  /** Resolves when everything added so far is written (or has failed). */
  drain(): Promise<void>;
}

export interface GroupCommitTicket<T, R> {
  /** The announced call's item: as {@link GroupCommit.add}. */
  add(item: T): Promise<R>;
  /** The call ends without an item (idempotent; `add` closes the ticket too). */
  close(): void;
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
  /** How long a batch waits for the items of calls under way (see `begin`); default 0. */
  maxWaitMs?: number;
}): GroupCommit<T, R> {
  const maxBatch = options.maxBatch ?? 200;
  const concurrency = options.concurrency ?? 1;
  const maxWaitMs = options.maxWaitMs ?? 0;
  let queue: Array<Pending<T, R>> = [];
  const writers = new Set<Promise<void>>();
  /** Tickets begun and neither added nor closed. */
  let underWay = 0;
  let wakeWaiting: (() => void) | null = null;

  /** Until no call is under way, the batch is full, or `maxWaitMs` has passed. */
  function callsUnderWay(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeWaiting = null;
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      wakeWaiting = done;
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
        // Only when waiting: an await would let a burst of synchronous adds in as well.
        if (maxWaitMs > 0 && underWay > 0 && queue.length < maxBatch && !wakeWaiting) {
          await callsUnderWay();
        }
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

  function add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (wakeWaiting && queue.length >= maxBatch) {
        wakeWaiting();
      }
      if (active < concurrency) {
        startWriter();
      }
    });
  }

  return {
    add,
    begin() {
      underWay += 1;
      let open = true;
      const close = () => {
        if (!open) {
          return;
        }
        open = false;
        underWay -= 1;
        if (underWay === 0) {
          wakeWaiting?.();
        }
      };
      return {
        add(item) {
          // A writer woken by the close resumes only after this synchronous step: it takes the item along.
          close();
          return add(item);
        },
        close,
      };
    },
    async drain() {
      while (writers.size > 0) {
        await Promise.all(writers);
      }
    },
  };
}
