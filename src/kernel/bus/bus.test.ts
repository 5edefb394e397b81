import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeTogether, type Database } from '../db/index.js';
import { createTestDatabase } from '../testing/test-database.js';
import { claimEvents } from './outbox.repository.js';
import { createBus, type Bus, type DomainEvent } from './index.js';

declare module './index.js' {
  interface DomainEvents {
    'kernel.test.thing-made': { thingId: string };
  }
}

const fast = { baseMs: 0, maxMs: 0 };
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await sql`create table bus_test_effect (event_id bigint not null, subscriber text not null)`.execute(database.db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await sql`delete from kernel_outbox`.execute(database.db);
  await sql`delete from bus_test_effect`.execute(database.db);
});

async function outbox() {
  const result = await sql<{ id: number; status: string; attempts: number; last_error: string | null; delivered: string[]; available_at: Date }>`
    select id, status, attempts, last_error, delivered, available_at from kernel_outbox order by id`.execute(database.db);
  return result.rows;
}

async function publishThing(bus: Bus, thingId: string): Promise<void> {
  await database.db.transaction().execute((trx) => bus.publish(trx, { type: 'kernel.test.thing-made', payload: { thingId } }));
}

describe('bus', () => {
  it('does not deliver an event whose transaction rolled back', async () => {
    const bus = createBus({ db: database.db });
    const seen: unknown[] = [];
    bus.subscribe('kernel.test.thing-made', 'recorder', async (event) => {
      seen.push(event.payload);
    });
    await expect(
      database.db.transaction().execute(async (trx) => {
        await bus.publish(trx, { type: 'kernel.test.thing-made', payload: { thingId: 'a' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await bus.dispatchOnce()).toBe(0);
    expect(seen).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('publishes several events in one statement and delivers them in the order given', async () => {
    const bus = createBus({ db: database.db });
    const seen: string[] = [];
    bus.subscribe('kernel.test.thing-made', 'recorder', async (event) => {
      seen.push(event.payload.thingId);
    });
    await database.db.transaction().execute((trx) =>
      bus.publishMany(trx, ['c', 'a', 'b'].map((thingId) => ({ type: 'kernel.test.thing-made' as const, payload: { thingId } }))),
    );
    await bus.publishMany(database.db, []);
    expect(await bus.dispatchOnce()).toBe(3);
    expect(seen).toEqual(['c', 'a', 'b']);
  });

  it('publishes through a query run inside the caller\'s own statement, in order, and only when it commits', async () => {
    const bus = createBus({ db: database.db });
    const seen: string[] = [];
    bus.subscribe('kernel.test.thing-made', 'recorder', async (event) => {
      seen.push(event.payload.thingId);
    });
    const events = (ids: string[]) => ids.map((thingId) => ({ type: 'kernel.test.thing-made' as const, payload: { thingId } }));
    expect(bus.publishQuery(database.db, [])).toBeNull();
    await database.db.transaction().execute((trx) => executeTogether(trx, [bus.publishQuery(trx, events(['y', 'x']))]));
    await expect(
      database.db.transaction().execute(async (trx) => {
        await executeTogether(trx, [bus.publishQuery(trx, events(['rolled back']))]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await bus.dispatchOnce()).toBe(2);
    expect(seen).toEqual(['y', 'x']);
  });

  it('delivers a committed event to each subscriber exactly once', async () => {
    const bus = createBus({ db: database.db });
    const seen: Array<DomainEvent<'kernel.test.thing-made'>> = [];
    bus.subscribe('kernel.test.thing-made', 'recorder', async (event) => {
      seen.push(event);
    });
    await publishThing(bus, 'b');
    expect(await bus.dispatchOnce()).toBe(1);
    expect(await bus.dispatchOnce()).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'kernel.test.thing-made', payload: { thingId: 'b' }, attempt: 1 });
    expect(seen[0]?.occurredAt).toBeInstanceOf(Date);
    expect(await outbox()).toMatchObject([{ status: 'done', attempts: 1, delivered: ['recorder'] }]);
  });

  it('marks an event without subscribers done', async () => {
    const bus = createBus({ db: database.db });
    await database.db.transaction().execute((trx) => bus.publish(trx, { type: 'kernel.test.nobody-listens', payload: [1, 'two'] }));
    expect(await bus.dispatchOnce()).toBe(1);
    expect(await outbox()).toMatchObject([{ status: 'done' }]);
  });

  it('retries a failing handler and leaves the event dead with the last error after max attempts', async () => {
    const bus = createBus({ db: database.db, maxAttempts: 3, retry: fast });
    let calls = 0;
    bus.subscribe('kernel.test.thing-made', 'always-fails', async () => {
      calls += 1;
      throw new Error(`refused #${calls}`);
    });
    await publishThing(bus, 'c');
    for (let i = 0; i < 3; i += 1) {
      expect(await bus.dispatchOnce()).toBe(1);
    }
    expect(await bus.dispatchOnce()).toBe(0);
    expect(calls).toBe(3);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    expect(row?.last_error).toContain('always-fails: Error: refused #3');
  });

  it('backs off exponentially before retrying', async () => {
    const bus = createBus({ db: database.db, retry: { baseMs: 60_000, maxMs: 3_600_000 } });
    bus.subscribe('kernel.test.thing-made', 'fails', async () => {
      throw new Error('not now');
    });
    await publishThing(bus, 'd');
    const before = Date.now();
    await bus.dispatchOnce();
    expect(await bus.dispatchOnce()).toBe(0);
    const [row] = await outbox();
    expect(row?.status).toBe('pending');
    const wait = (row?.available_at.getTime() ?? 0) - before;
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThan(70_000);
  });

  it('retries only the subscribers that failed, and ends done once they succeed', async () => {
    const bus = createBus({ db: database.db, retry: fast });
    let flaky = 0;
    bus.subscribe('kernel.test.thing-made', 'steady', async (event, trx) => {
      await sql`insert into bus_test_effect values (${event.id}, 'steady')`.execute(trx);
    });
    bus.subscribe('kernel.test.thing-made', 'flaky', async (event, trx) => {
      flaky += 1;
      await sql`insert into bus_test_effect values (${event.id}, 'flaky')`.execute(trx);
      if (flaky === 1) {
        throw new Error('first try fails');
      }
    });
    await publishThing(bus, 'e');
    await bus.dispatchOnce();
    expect(await outbox()).toMatchObject([{ status: 'pending', delivered: ['steady'] }]);
    await bus.dispatchOnce();
    expect(await outbox()).toMatchObject([{ status: 'done', attempts: 2, last_error: null, delivered: ['steady', 'flaky'] }]);
    const effects = await sql<{ subscriber: string }>`select subscriber from bus_test_effect order by subscriber`.execute(database.db);
    // The failed try's write rolled back with it; each subscriber's effect exists once.
    expect(effects.rows.map((r) => r.subscriber)).toEqual(['flaky', 'steady']);
  });

  it('delivers again an event whose worker vanished once its lease has run out', async () => {
    const bus = createBus({ db: database.db });
    const seen: number[] = [];
    bus.subscribe('kernel.test.thing-made', 'recorder', async (event) => {
      seen.push(event.attempt);
    });
    await publishThing(bus, 'f');
    expect(await claimEvents(database.db, 'ghost', 10, 300)).toHaveLength(1);
    expect(await bus.dispatchOnce()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await bus.dispatchOnce()).toBe(1);
    expect(seen).toEqual([2]);
  });

  it('hands back the rest of a batch once slow handlers have used half the lease', async () => {
    const bus = createBus({ db: database.db, leaseMs: 400 });
    const seen: string[] = [];
    bus.subscribe('kernel.test.thing-made', 'slow', async (event) => {
      seen.push(event.payload.thingId);
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    await publishThing(bus, 'g1');
    await publishThing(bus, 'g2');
    expect(await bus.dispatchOnce()).toBe(1);
    expect(await outbox()).toMatchObject([
      { status: 'done', attempts: 1 },
      { status: 'pending', attempts: 0 },
    ]);
    expect(await bus.dispatchOnce()).toBe(1);
    expect(seen).toEqual(['g1', 'g2']);
  });

  it('refuses a second subscriber of the same name for one type', () => {
    const bus = createBus({ db: database.db });
    bus.subscribe('kernel.test.thing-made', 'same', async () => {});
    expect(() => bus.subscribe('kernel.test.thing-made', 'same', async () => {})).toThrow(
      expect.objectContaining({ code: 'BUS_SUBSCRIBER_DUPLICATE' }),
    );
  });

  it('checks the payload of a known event type at compile time', () => {
    const bus = createBus({ db: database.db });
    const compileOnly = async () => {
      // @ts-expect-error thingId must be a string
      await bus.publish(database.db, { type: 'kernel.test.thing-made', payload: { thingId: 1 } });
      bus.subscribe('kernel.test.thing-made', 'typed', async (event) => {
        const id: string = event.payload.thingId;
        expect(id).toBeTypeOf('string');
      });
      await bus.publish(database.db, { type: 'kernel.test.anything', payload: { free: true } });
    };
    expect(compileOnly).toBeTypeOf('function');
  });
});
