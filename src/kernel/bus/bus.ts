import type { Db, Executor, WriteQuery } from '../db/index.js';
import { BusSubscriberDuplicate } from './bus.errors.js';
import { defaultRetry, describeError, newWorkerId, retryDelayMs, silentLogger, type Logger, type RetryPolicy } from './claim.js';
import { claimEvents, finishDone, finishFailed, insertEvents, insertEventsQuery, markDelivered, releaseEvents, type ClaimedEvent } from './outbox.repository.js';

/**
 * The catalogue of domain events, filled by each module through module augmentation:
 *
 * ```ts
 * declare module '../../kernel/bus/index.js' {
 *   interface DomainEvents { 'org.user.created': { userId: string } }
 * }
 * ```
 *
 * `publish` and `subscribe` then check the payload of a known type; other types pass as `unknown`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by augmentation
export interface DomainEvents {}

/** A known event type, or any other string (whose payload is then `unknown`). */
export type EventType = keyof DomainEvents | (string & {});
export type EventPayload<T extends string> = T extends keyof DomainEvents ? DomainEvents[T] : unknown;

export interface DomainEvent<T extends string = string> {
  readonly id: number;
  readonly type: T;
  readonly payload: EventPayload<T>;
  readonly occurredAt: Date;
  /** 1 on the first delivery; higher when the event is being retried. */
  readonly attempt: number;
}

/**
 * Reacts to one event. It runs in its own transaction `trx`, committed together with the
 * record that this subscriber has handled the event: write through `trx` only (on PGlite a
 * query through the shared `db` inside the handler waits for the handler — a deadlock).
 * Keep it short; slow work belongs in a job enqueued through `trx`.
 */
export type EventHandler<T extends string = string> = (event: DomainEvent<T>, trx: Executor) => Promise<void>;

export interface Bus {
  /**
   * Writes the event to the outbox through `executor`, so it exists exactly when the
   * caller's transaction commits. Pass the transaction that makes the change.
   */
  publish<T extends EventType>(executor: Executor, event: { type: T; payload: EventPayload<T> }): Promise<void>;
  /** Like {@link publish} for several events at once, in one statement; they are delivered in the order given. */
  publishMany<T extends EventType>(executor: Executor, events: ReadonlyArray<{ type: T; payload: EventPayload<T> }>): Promise<void>;
  /**
   * {@link publishMany} as a query for the caller to run inside its transaction as part of
   * a statement of its own (`executeTogether`): a round trip fewer. Null when there are none.
   */
  publishQuery<T extends EventType>(executor: Executor, events: ReadonlyArray<{ type: T; payload: EventPayload<T> }>): WriteQuery | null;
  /**
   * Registers handler `name` for events of `type`; names are unique per type and must stay
   * stable across releases (the outbox records which names have handled an event).
   *
   * Delivery is at least once. A handler that throws makes the event retry with
   * exponential backoff — only for the subscribers that have not yet committed — until
   * `maxAttempts`, after which the event is `dead` with the last error. A handler whose
   * effects all go through `trx` therefore takes effect once; any effect outside the
   * database (mail, HTTP) may repeat after a crash, so handlers must be idempotent.
   */
  subscribe<T extends EventType>(type: T, name: string, handler: EventHandler<T>): void;
  /** Claims one batch of due events and delivers each; returns how many were claimed. */
  dispatchOnce(): Promise<number>;
}

export interface BusOptions {
  db: Db;
  logger?: Logger;
  /** Events claimed per `dispatchOnce` (default 20). */
  batchSize?: number;
  /** Deliveries per event before it is dead (default 10). */
  maxAttempts?: number;
  /** How long a claim holds before another worker may take the event again (default 60 s). */
  leaseMs?: number;
  retry?: RetryPolicy;
}

interface Subscriber {
  name: string;
  handler: EventHandler;
}

/** Creates the domain-event bus over the `kernel_outbox` table. */
export function createBus(options: BusOptions): Bus {
  const { db } = options;
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 10;
  const leaseMs = options.leaseMs ?? 60_000;
  const retry = options.retry ?? defaultRetry;
  const workerId = newWorkerId('bus');
  const subscribers = new Map<string, Subscriber[]>();

  async function deliver(row: ClaimedEvent): Promise<void> {
    const claim = { id: row.id, attempts: row.attempts, workerId };
    if (row.attempts > row.max_attempts) {
      // The previous claimer took the last attempt and vanished before finishing it.
      await finishFailed(db, claim, 'lease expired during the last attempt', 0);
      logger.error({ eventId: row.id, type: row.type }, 'event dead: worker lost on last attempt');
      return;
    }
    const event: DomainEvent = { id: row.id, type: row.type, payload: row.payload, occurredAt: row.occurred_at, attempt: row.attempts };
    const failures: string[] = [];
    for (const subscriber of subscribers.get(row.type) ?? []) {
      if (row.delivered.includes(subscriber.name)) {
        continue;
      }
      try {
        await db.transaction().execute(async (trx) => {
          await subscriber.handler(event, trx);
          await markDelivered(trx, row.id, subscriber.name);
        });
      } catch (error) {
        failures.push(`${subscriber.name}: ${describeError(error)}`);
        logger.warn({ eventId: row.id, type: row.type, subscriber: subscriber.name, attempt: row.attempts, err: error }, 'event handler failed');
      }
    }
    if (failures.length === 0) {
      if (!(await finishDone(db, claim))) {
        logger.warn({ eventId: row.id, type: row.type }, 'event lease lost before finishing');
      }
      return;
    }
    const outcome = await finishFailed(db, claim, failures.join('; '), retryDelayMs(row.attempts, retry));
    if (outcome === 'dead') {
      logger.error({ eventId: row.id, type: row.type, error: failures.join('; ') }, 'event dead after its last attempt');
    }
  }

  return {
    async publish(executor, event) {
      await insertEvents(executor, [event], maxAttempts);
    },

    async publishMany(executor, events) {
      await insertEvents(executor, events, maxAttempts);
    },

    publishQuery: (executor, events) => insertEventsQuery(executor, events, maxAttempts),

    subscribe(type, name, handler) {
      const list = subscribers.get(type) ?? [];
      if (list.some((s) => s.name === name)) {
        throw BusSubscriberDuplicate({ type, name });
      }
      list.push({ name, handler: handler as EventHandler });
      subscribers.set(type, list);
    },

    async dispatchOnce() {
      const rows = await claimEvents(db, workerId, batchSize, leaseMs);
      const claimedAt = Date.now();
      // One event after another: within a worker, events are handled in publishing order.
      for (const [index, row] of rows.entries()) {
        if (index > 0 && Date.now() - claimedAt > leaseMs / 2) {
          // Slow handlers have used up half the lease: hand the rest back rather than risk
          // delivering an event whose lease another worker may already have taken.
          const rest = rows.slice(index).map((r) => ({ id: r.id, attempts: r.attempts, workerId }));
          await releaseEvents(db, rest);
          return index;
        }
        try {
          await deliver(row);
        } catch (error) {
          // The database failed while finishing; the lease will expire and the event retry.
          logger.error({ eventId: row.id, type: row.type, err: error }, 'event delivery could not be recorded');
        }
      }
      return rows.length;
    },
  };
}
