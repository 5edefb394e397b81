/** A call under way: the writer waits (briefly) for it to `add` its record, or to `close`. */
export interface CallTicket<T> {
  /** Resolves once the item is committed; rejects with the error of its own write. */
  add(item: T): Promise<void>;
  /** Tells the writer to wait no longer for this call (idempotent; `add` does it too). */
  close(): void;
}

export interface CallRecorder<T> {
  /** Announces a call that will add its record shortly (e.g. after its registry lookup). */
  begin(): CallTicket<T>;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * Group commit for the gateway's call records, one batch at a time, each batch waiting
 * (at most `maxWaitMs`) for the calls already under way. Without that wait, callers that
 * are still reading the registry when a batch starts would wait for it to finish and then
 * for a batch of their own: busy callers split into two halves taking turns, each batch
 * half as full as it could be. A call arriving alone is written at once. When a batch
 * fails, its items are written again one by one, so one bad item fails only its caller.
 */
export function createCallRecorder<T>(write: (items: T[]) => Promise<void>, options: { maxWaitMs?: number } = {}): CallRecorder<T> {
  const maxWaitMs = options.maxWaitMs ?? 5;
  let open = 0;
  let queue: Array<Pending<T>> = [];
  let writing = false;
  let wake: (() => void) | null = null;

  async function writeBatch(batch: Array<Pending<T>>): Promise<void> {
    try {
      await write(batch.map((p) => p.item));
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

  function othersUnderWay(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      wake = done;
    });
  }

  async function writeAll(): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        if (open > 0) {
          await othersUnderWay();
        }
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        await writeBatch(batch);
      }
    } finally {
      writing = false;
    }
  }

  return {
    begin() {
      open += 1;
      let closed = false;
      const close = () => {
        if (closed) {
          return;
        }
        closed = true;
        open -= 1;
        if (open === 0) {
          wake?.();
        }
      };
      return {
        add(item) {
          const committed = new Promise<void>((resolve, reject) => queue.push({ item, resolve, reject }));
          close();
          if (!writing) {
            void writeAll();
          }
          return committed;
        },
        close,
      };
    },
  };
}
