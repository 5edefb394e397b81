import { sql, type Insertable, type Selectable } from 'kysely';
import { tablesOf, type Executor, type WriteQuery } from '../../kernel/db/index.js';
import type { ExchangeTables, GrantStatus, RequestStatus } from './exchange.tables.js';

export type RequestRow = Selectable<ExchangeTables['exchange_request']>;
export type GrantRow = Selectable<ExchangeTables['exchange_grant']>;
export type CallInput = Insertable<ExchangeTables['exchange_call']>;

export interface UsageRow {
  day: string;
  resourceId: string;
  resourceName: string;
  consumerOrgId: string;
  consumerOrgName: string;
  calls: number;
  refused: number;
}

const dateText = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** Kysely queries over the exchange's tables; plain rows out. */
export function createExchangeRepository(executor: Executor) {
  const db = tablesOf<ExchangeTables>(executor);
  const requestColumns = [
    'id', 'resource_id', 'resource_code', 'resource_name', 'owner_org_id', 'owner_org_name', 'consumer_org_id', 'consumer_org_name',
    'consumer_division', 'requested_by', 'purpose', 'fields', 'rate_per_minute', 'clear_text', 'clear_text_reason', 'status',
    'decided_by', 'decided_at', 'decision_reason', 'version', 'created_at', 'updated_at',
  ] as const;
  const grantColumns = [
    'id', 'request_id', 'resource_id', 'resource_code', 'resource_name', 'owner_org_id', 'consumer_org_id', 'consumer_org_name',
    'region_prefix', 'purpose', 'fields', 'rate_per_minute', 'clear_text', 'status', 'revoked_by', 'revoked_at', 'revoke_reason',
    'created_at', 'updated_at',
  ] as const;
  const requests = () =>
    db.selectFrom('exchange_request').select(requestColumns).select([dateText('valid_from').as('valid_from'), dateText('valid_to').as('valid_to')]);
  const grants = () =>
    db.selectFrom('exchange_grant').select(grantColumns).select([dateText('valid_from').as('valid_from'), dateText('valid_to').as('valid_to')]);

  return {
    async insertRequest(row: Insertable<ExchangeTables['exchange_request']>): Promise<string> {
      const { id } = await db.insertInto('exchange_request').values(row).returning('id').executeTakeFirstOrThrow();
      return id;
    },
    getRequest: (id: string): Promise<RequestRow | undefined> => requests().where('id', '=', id).executeTakeFirst(),
    /** The latest request of a consumer for a resource with exactly this purpose. */
    findRequest: (filter: { consumerOrgId: string; resourceId: string; purpose: string }): Promise<RequestRow | undefined> =>
      requests()
        .where('consumer_org_id', '=', filter.consumerOrgId)
        .where('resource_id', '=', filter.resourceId)
        .where('purpose', '=', filter.purpose)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    listRequests(filter: { ownerOrgId?: string; consumerOrgId?: string; status?: RequestStatus; limit: number; offset: number }): Promise<RequestRow[]> {
      let query = requests();
      if (filter.ownerOrgId) {
        query = query.where('owner_org_id', '=', filter.ownerOrgId);
      }
      if (filter.consumerOrgId) {
        query = query.where('consumer_org_id', '=', filter.consumerOrgId);
      }
      if (filter.status) {
        query = query.where('status', '=', filter.status);
      }
      return query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
    },
    /** Moves a request on if it is still at `version`; false when someone else got there first. */
    async decideRequest(
      id: string,
      version: number,
      change: { status: RequestStatus; decidedBy: string | null; reason: string | null },
    ): Promise<boolean> {
      const result = await db
        .updateTable('exchange_request')
        .set({
          status: change.status,
          decided_by: change.decidedBy,
          decided_at: sql<Date>`now()`,
          decision_reason: change.reason,
          version: sql<number>`version + 1`,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Dates a request, its decision and its grant back: the demo's history was filed on earlier days. */
    async backdate(requestId: string, filedAt: Date, decidedAt: Date | null): Promise<void> {
      await db
        .updateTable('exchange_request')
        .set({ created_at: filedAt, updated_at: decidedAt ?? filedAt, ...(decidedAt ? { decided_at: decidedAt } : {}) })
        .where('id', '=', requestId)
        .execute();
      if (decidedAt) {
        await db.updateTable('exchange_grant').set({ created_at: decidedAt, updated_at: decidedAt }).where('request_id', '=', requestId).execute();
      }
    },

    async insertGrant(row: Insertable<ExchangeTables['exchange_grant']>): Promise<string> {
      const { id } = await db.insertInto('exchange_grant').values(row).returning('id').executeTakeFirstOrThrow();
      return id;
    },
    getGrant: (id: string): Promise<GrantRow | undefined> => grants().where('id', '=', id).executeTakeFirst(),
    getGrantByRequest: (requestId: string): Promise<GrantRow | undefined> => grants().where('request_id', '=', requestId).executeTakeFirst(),
    listGrants(filter: { ownerOrgId?: string; consumerOrgId?: string; status?: GrantStatus }): Promise<GrantRow[]> {
      let query = grants();
      if (filter.ownerOrgId) {
        query = query.where('owner_org_id', '=', filter.ownerOrgId);
      }
      if (filter.consumerOrgId) {
        query = query.where('consumer_org_id', '=', filter.consumerOrgId);
      }
      if (filter.status) {
        query = query.where('status', '=', filter.status);
      }
      return query.orderBy('created_at', 'desc').limit(500).execute();
    },
    /**
     * The grant that decides a consumer's call on a resource: an active one if any (the
     * latest ending first), else the most recent one, so the refusal can say why.
     */
    currentGrant: (consumerOrgId: string, resourceId: string): Promise<GrantRow | undefined> =>
      grants()
        .where('consumer_org_id', '=', consumerOrgId)
        .where('resource_id', '=', resourceId)
        .orderBy(sql`status = 'active'`, 'desc')
        .orderBy('valid_to', 'desc')
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    async revokeGrant(id: string, by: string, reason: string): Promise<boolean> {
      const result = await db
        .updateTable('exchange_grant')
        .set({ status: 'revoked', revoked_by: by, revoked_at: sql<Date>`now()`, revoke_reason: reason, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Marks active grants whose last day is before `today` as expired; returns their ids. */
    async expireGrants(today: string): Promise<string[]> {
      const rows = await db
        .updateTable('exchange_grant')
        .set({ status: 'expired', updated_at: sql<Date>`now()` })
        .where('status', '=', 'active')
        .where('valid_to', '<', today)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    /** Records gateway calls and counts those that ran under a grant for their day. */
    /**
     * The writes that record gateway calls, to run together with others in one statement
     * (`executeTogether`): the call rows, and the day's counters of their grants.
     */
    recordCallsQueries(calls: ReadonlyArray<{ call: CallInput; day: string }>): WriteQuery[] {
      if (calls.length === 0) {
        return [];
      }
      // One row per (grant, day): ON CONFLICT may not touch a row twice in one statement.
      const counters = new Map<string, { grant_id: string; day: string; calls: number; refused: number }>();
      for (const { call, day } of calls) {
        if (!call.grant_id) {
          continue;
        }
        const key = `${call.grant_id} ${day}`;
        const counter = counters.get(key) ?? { grant_id: call.grant_id, day, calls: 0, refused: 0 };
        counter.calls += 1;
        counter.refused += call.status >= 400 ? 1 : 0;
        counters.set(key, counter);
      }
      const logged = db.insertInto('exchange_call').values(calls.map((c) => c.call));
      if (counters.size === 0) {
        return [logged];
      }
      // In key order, so that concurrent batches lock counter rows in the same order.
      const rows = [...counters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
      return [
        logged,
        db
          .insertInto('exchange_usage_daily')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['grant_id', 'day']).doUpdateSet({
              calls: sql<number>`exchange_usage_daily.calls + excluded.calls`,
              refused: sql<number>`exchange_usage_daily.refused + excluded.refused`,
            }),
          ),
      ];
    },
    async hasUsage(grantId: string): Promise<boolean> {
      const row = await db.selectFrom('exchange_usage_daily').select('day').where('grant_id', '=', grantId).limit(1).executeTakeFirst();
      return row !== undefined;
    },
    /** Writes daily counters as given (the demo's call history); days already counted are left alone. */
    async insertUsage(rows: ReadonlyArray<{ grant_id: string; day: string; calls: number; refused: number }>): Promise<void> {
      if (rows.length > 0) {
        await db.insertInto('exchange_usage_daily').values([...rows]).onConflict((oc) => oc.columns(['grant_id', 'day']).doNothing()).execute();
      }
    },
    listCalls: (grantId: string, limit: number) =>
      db.selectFrom('exchange_call').selectAll().where('grant_id', '=', grantId).orderBy('at', 'desc').limit(limit).execute(),

    /** Daily counts of the owner's grants between two days (inclusive), per resource and consumer. */
    usage(filter: { ownerOrgId?: string; consumerOrgId?: string; resourceId?: string; from: string; to: string }): Promise<UsageRow[]> {
      let query = db
        .selectFrom('exchange_usage_daily as u')
        .innerJoin('exchange_grant as g', 'g.id', 'u.grant_id')
        .select([
          dateText('u.day').as('day'),
          'g.resource_id as resourceId',
          sql<string>`max(g.resource_name)`.as('resourceName'),
          'g.consumer_org_id as consumerOrgId',
          sql<string>`max(g.consumer_org_name)`.as('consumerOrgName'),
          sql<number>`sum(u.calls)::int`.as('calls'),
          sql<number>`sum(u.refused)::int`.as('refused'),
        ])
        .where('u.day', '>=', filter.from)
        .where('u.day', '<=', filter.to);
      if (filter.ownerOrgId) {
        query = query.where('g.owner_org_id', '=', filter.ownerOrgId);
      }
      if (filter.consumerOrgId) {
        query = query.where('g.consumer_org_id', '=', filter.consumerOrgId);
      }
      if (filter.resourceId) {
        query = query.where('g.resource_id', '=', filter.resourceId);
      }
      return query.groupBy(['u.day', 'g.resource_id', 'g.consumer_org_id']).orderBy('u.day').execute();
    },
  };
}

export type ExchangeRepository = ReturnType<typeof createExchangeRepository>;
