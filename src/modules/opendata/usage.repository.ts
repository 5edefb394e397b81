import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { OpendataTables } from './opendata.tables.js';

export type UsageKind = 'download' | 'api_call';

export interface DailyUsage {
  day: string;
  downloads: number;
  apiCalls: number;
}

/** `date` columns come back as text (pg) or as a Date at midnight UTC (PGlite). */
const dayText = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/** Per-day download and API-call counters, and the cumulative ones on the dataset; Kysely only. */
export function createUsageRepository(executor: Executor) {
  const db = tablesOf<OpendataTables>(executor);

  return {
    async count(datasetId: string, day: string, kind: UsageKind): Promise<void> {
      const column = kind === 'download' ? 'downloads' : 'api_calls';
      await db
        .insertInto('opendata_usage_daily')
        .values({ dataset_id: datasetId, day, downloads: kind === 'download' ? 1 : 0, api_calls: kind === 'api_call' ? 1 : 0 })
        .onConflict((oc) => oc.columns(['dataset_id', 'day']).doUpdateSet({ [column]: sql`opendata_usage_daily.${sql.ref(column)} + 1` }))
        .execute();
      await db
        .updateTable('opendata_dataset')
        .set({ [column]: sql`${sql.ref(column)} + 1` })
        .where('id', '=', datasetId)
        .execute();
    },

    /** Adds whole counts for a day (the demo's history of use). */
    async add(datasetId: string, day: string, counts: { downloads: number; apiCalls: number }): Promise<void> {
      await db
        .insertInto('opendata_usage_daily')
        .values({ dataset_id: datasetId, day, downloads: counts.downloads, api_calls: counts.apiCalls })
        .onConflict((oc) =>
          oc.columns(['dataset_id', 'day']).doUpdateSet({
            downloads: sql`opendata_usage_daily.downloads + ${counts.downloads}`,
            api_calls: sql`opendata_usage_daily.api_calls + ${counts.apiCalls}`,
          }),
        )
        .execute();
      await db
        .updateTable('opendata_dataset')
        .set({ downloads: sql`downloads + ${counts.downloads}`, api_calls: sql`api_calls + ${counts.apiCalls}` })
        .where('id', '=', datasetId)
        .execute();
    },

    /** Use per day from `from` to `to` (inclusive), of one dataset or of all; days without use are left out. */
    async daily(range: { from: string; to: string }, datasetIds?: readonly string[]): Promise<DailyUsage[]> {
      if (datasetIds !== undefined && datasetIds.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('opendata_usage_daily')
        .select([
          'day',
          sql<number>`sum(downloads)`.as('downloads'),
          sql<number>`sum(api_calls)`.as('apiCalls'),
        ])
        .where('day', '>=', range.from)
        .where('day', '<=', range.to)
        .$if(datasetIds !== undefined, (q) => q.where('dataset_id', 'in', datasetIds!))
        .groupBy('day')
        .orderBy('day')
        .execute();
      return rows.map((r) => ({ day: dayText(r.day), downloads: Number(r.downloads), apiCalls: Number(r.apiCalls) }));
    },
  };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
