import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import { datasetColumns, toDataset, type Dataset } from './dataset.repository.js';
import type { OpendataTables } from './opendata.tables.js';

/** The dimensions a dataset search can filter and count on. */
export const FACETS = ['owner', 'theme', 'tags', 'format', 'division', 'licence', 'frequency', 'access'] as const;
export type FacetKey = (typeof FACETS)[number];

/** One condition: the dataset has one of `values` under `key` (or none of them, negated). */
export interface Clause {
  key: FacetKey | 'name' | 'id';
  values: string[];
  negate?: boolean;
}

export interface DatasetFilter {
  /** A tsquery literal built by `textQuery`, or null for no text condition. */
  tsquery: string | null;
  /** The search's words run together; a title containing it ranks higher. */
  phrase?: string | undefined;
  /** Every clause must hold. */
  clauses: Clause[];
  /** Only datasets overdue at this time. */
  overdueAt?: Date | undefined;
}

export const SORT_KEYS = ['score', 'modified', 'created', 'name', 'title', 'downloads', 'api_calls', 'data_updated'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  direction: 'asc' | 'desc';
}

export interface FacetCount {
  value: string;
  /** The owner's or division's name; null for the other facets. */
  label: string | null;
  count: number;
}

type Tables = OpendataTables & { d: OpendataTables['opendata_dataset'] };
type Eb = ExpressionBuilder<Tables, 'd'>;

const columnOf = {
  owner: 'd.owner_code',
  theme: 'd.theme',
  division: 'd.spatial_code',
  licence: 'd.licence',
  frequency: 'd.frequency',
  access: 'd.access',
  name: 'd.name',
} as const;
const arrayColumnOf = { tags: 'd.tags', format: 'd.formats' } as const;

function clauseExpression(eb: Eb, clause: Clause): Expression<SqlBool> {
  let condition: Expression<SqlBool>;
  if (clause.key === 'tags' || clause.key === 'format') {
    condition = sql<SqlBool>`${sql.ref(arrayColumnOf[clause.key])} && ${sql.val(clause.values)}::text[]`;
  } else if (clause.key === 'id') {
    const uuids = clause.values.filter((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
    condition = uuids.length > 0 ? eb('d.id', 'in', uuids) : sql<SqlBool>`false`;
  } else {
    condition = eb(columnOf[clause.key], 'in', clause.values);
  }
  return clause.negate ? eb.not(condition) : condition;
}

function where(filter: DatasetFilter, except?: FacetKey) {
  return (eb: Eb): Expression<SqlBool> => {
    const conditions: Array<Expression<SqlBool>> = [eb('d.status', '=', 'published')];
    if (filter.tsquery !== null) {
      conditions.push(sql<SqlBool>`d.search_vector @@ ${filter.tsquery}::tsquery`);
    }
    if (filter.overdueAt) {
      conditions.push(eb('d.due_at', '<', filter.overdueAt));
    }
    for (const clause of filter.clauses) {
      if (clause.key !== except && clause.values.length > 0) {
        conditions.push(clauseExpression(eb, clause));
      }
    }
    return eb.and(conditions);
  };
}

/** Title hits weigh most; a title containing the search as typed gains more, most when it starts with it. */
function rankOf(tsquery: string, phrase: string) {
  const words = sql<number>`ts_rank('{0.05,0.2,0.4,1.0}'::float4[], d.search_vector, ${tsquery}::tsquery)`;
  if (phrase === '') {
    return words;
  }
  const at = sql<number>`strpos(lower(d.title), ${phrase}::text)`;
  return sql<number>`(${words} + case when ${at} > 0 then 0.5 * char_length(${phrase}::text) / char_length(d.title) + case when ${at} = 1 then 0.25 else 0 end else 0 end)::float8`;
}

const sortColumn = {
  modified: 'd.modified_at',
  created: 'd.created_at',
  name: 'd.name',
  title: 'd.title',
  downloads: 'd.downloads',
  api_calls: 'd.api_calls',
  data_updated: 'd.data_updated_at',
} as const;

/** Published-dataset search with clauses, sorting and facet counts; Kysely only. */
export function createSearchRepository(executor: Executor) {
  const db = tablesOf<Tables>(executor);
  const from = () => db.selectFrom('opendata_dataset as d');

  return {
    async search(filter: DatasetFilter, sort: readonly Sort[], page: { offset: number; limit: number }): Promise<{ items: Array<Dataset & { score: number }>; total: number }> {
      const text = filter.tsquery;
      let query = from()
        .select(datasetColumns.map((c) => `d.${c}` as const))
        .select(text !== null ? rankOf(text, filter.phrase ?? '').as('score') : sql<number>`0`.as('score'))
        .where(where(filter));
      for (const { key, direction } of sort) {
        query = key === 'score' ? (text !== null ? query.orderBy('score', direction) : query) : query.orderBy(sortColumn[key], direction);
      }
      query = query.orderBy('d.modified_at', 'desc').orderBy('d.name');
      const [rows, count] = await Promise.all([
        page.limit > 0 ? query.offset(page.offset).limit(page.limit).execute() : Promise.resolve([]),
        from()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(where(filter))
          .executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((row) => ({ ...toDataset(row), score: Number(row.score) })), total: Number(count.n) };
    },

    /** Names of published datasets, by name. */
    async names(page: { offset: number; limit: number | null }): Promise<string[]> {
      const rows = await from()
        .select('d.name')
        .where('d.status', '=', 'published')
        .orderBy('d.name')
        .offset(page.offset)
        .$if(page.limit !== null, (q) => q.limit(page.limit!))
        .execute();
      return rows.map((r) => r.name);
    },

    /** Owners with published datasets: code, name, division, count. */
    async owners(): Promise<Array<{ id: string; code: string; name: string; divisionCode: string; count: number; createdAt: Date }>> {
      const rows = await from()
        .select([
          'd.owner_code as code',
          sql<string>`max(d.owner_id::text)`.as('id'),
          sql<string>`max(d.owner_name)`.as('name'),
          sql<string>`max(d.owner_division_code)`.as('divisionCode'),
          sql<Date>`min(d.created_at)`.as('createdAt'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .where('d.status', '=', 'published')
        .groupBy('d.owner_code')
        .orderBy('d.owner_code')
        .execute();
      return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, divisionCode: r.divisionCode, count: Number(r.n), createdAt: new Date(r.createdAt) }));
    },

    /** Tags of published datasets with their counts, by tag; `q` keeps those containing it. */
    async tags(q: string | null): Promise<Array<{ name: string; count: number }>> {
      const rows = await from()
        .innerJoinLateral(
          (eb) => eb.selectFrom(sql<{ tag: string }>`unnest(d.tags)`.as('u')).select(sql<string>`u`.as('tag')).as('t'),
          (join) => join.onTrue(),
        )
        .select([sql<string>`t.tag`.as('name'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('d.status', '=', 'published')
        .$if(q !== null, (qb) => qb.where(sql<SqlBool>`strpos(lower(t.tag), lower(${q}::text)) > 0`))
        .groupBy('t.tag')
        .orderBy('t.tag')
        .execute();
      return rows.map((r) => ({ name: r.name, count: Number(r.n) }));
    },

    /** Published datasets per theme. */
    async themeCounts(): Promise<Map<string, number>> {
      const rows = await from().select(['d.theme', (eb) => eb.fn.countAll<number>().as('n')]).where('d.status', '=', 'published').groupBy('d.theme').execute();
      return new Map(rows.map((r) => [r.theme, Number(r.n)]));
    },

    /** Every published dataset, for the DCAT catalogue, by name. */
    async allPublished(): Promise<Dataset[]> {
      const rows = await from().select(datasetColumns.map((c) => `d.${c}` as const)).where('d.status', '=', 'published').orderBy('d.name').execute();
      return rows.map(toDataset);
    },

    /** Counts for the portal's home page. */
    async totals(now: Date): Promise<{ datasets: number; owners: number; rows: number; downloads: number; apiCalls: number; overdue: number }> {
      const row = await from()
        .select([
          (eb) => eb.fn.countAll<number>().as('datasets'),
          sql<number>`count(distinct d.owner_id)`.as('owners'),
          sql<number>`coalesce(sum(d.row_count), 0)`.as('rows'),
          sql<number>`coalesce(sum(d.downloads), 0)`.as('downloads'),
          sql<number>`coalesce(sum(d.api_calls), 0)`.as('apiCalls'),
          sql<number>`count(*) filter (where d.due_at < ${now})`.as('overdue'),
        ])
        .where('d.status', '=', 'published')
        .executeTakeFirstOrThrow();
      return {
        datasets: Number(row.datasets),
        owners: Number(row.owners),
        rows: Number(row.rows),
        downloads: Number(row.downloads),
        apiCalls: Number(row.apiCalls),
        overdue: Number(row.overdue),
      };
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
