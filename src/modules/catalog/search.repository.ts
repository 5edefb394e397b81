import { sql, type SelectQueryBuilder } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { Attribute, Grade, Resource, Status, UpdateCycle } from './catalog.model.js';
import type { CatalogTables } from './catalog.tables.js';
import { resourceColumns, toResource } from './resource.repository.js';

/** The dimensions the catalog counts for every search. */
export const FACETS = ['owner', 'grade', 'share', 'open', 'cycle', 'status'] as const;
export type FacetKey = (typeof FACETS)[number];

/** The facet and tag filters of a catalog search, shared by the service and this repository. */
export interface ResourceFilters {
  owner?: string[] | undefined;
  grade?: Grade[] | undefined;
  share?: Attribute[] | undefined;
  open?: Attribute[] | undefined;
  cycle?: UpdateCycle[] | undefined;
  status?: Status[] | undefined;
  tag?: string | undefined;
}

export interface SearchFilter extends ResourceFilters {
  /** Drafts are visible only when their owner's division starts with this prefix. */
  regionPrefix: string;
  /** A tsquery literal built by `textQuery`, or null for no text condition. */
  tsquery: string | null;
  /** The search as typed (normalised); a name containing it ranks higher. */
  phrase?: string | undefined;
}

export interface FacetCount {
  value: string;
  /** The owner organisation's name for `owner`; null for the other facets. */
  label: string | null;
  count: number;
}

const columnOf = {
  owner: 'r.owner_id',
  grade: 'r.grade',
  share: 'r.share_attribute',
  open: 'r.open_attribute',
  cycle: 'r.update_cycle',
  status: 'r.status',
} as const satisfies Record<FacetKey, string>;

/**
 * Name hits (A) weigh most, then tags and fields (B), descriptions (C), the code (D). A
 * name that contains the search as typed gains in proportion to how much of the name the
 * search covers, and more when it starts with it: 人口 puts 人口基本信息 before 流动人口….
 */
function rankOf(tsquery: string, phrase: string) {
  const words = sql<number>`ts_rank('{0.05,0.2,0.4,1.0}'::float4[], r.search_vector, ${tsquery}::tsquery)`;
  if (phrase === '') {
    return words;
  }
  const at = sql<number>`strpos(lower(r.name), ${phrase}::text)`;
  return sql<number>`(${words} + case when ${at} > 0 then 0.5 * char_length(${phrase}::text) / char_length(r.name) + case when ${at} = 1 then 0.25 else 0 end else 0 end)::float8`;
}

type Query<O> = SelectQueryBuilder<CatalogTables & { r: CatalogTables['catalog_resource'] }, 'r', O>;

/**
 * Applies the visibility rule and every filter but `except` (so that a facet counts what
 * choosing one more of its values would add: disjunctive faceting).
 */
function applyFilter<O>(query: Query<O>, filter: SearchFilter, except?: FacetKey): Query<O> {
  let q = query.where((eb) => eb.or([eb('r.status', '<>', 'draft'), eb('r.owner_division_code', 'like', `${filter.regionPrefix}%`)]));
  if (filter.tsquery !== null) {
    q = q.where(sql<boolean>`r.search_vector @@ ${filter.tsquery}::tsquery`);
  }
  for (const key of FACETS) {
    const values = filter[key];
    if (key !== except && values !== undefined && values.length > 0) {
      q = q.where(columnOf[key], 'in', values);
    }
  }
  if (filter.tag !== undefined) {
    q = q.where(sql<boolean>`r.tags @> array[${filter.tag}]::text[]`);
  }
  return q;
}

/** Catalog search and facets; Kysely only. */
export function createSearchRepository(executor: Executor) {
  const db = tablesOf<CatalogTables>(executor);
  const from = () => db.selectFrom('catalog_resource as r');

  return {
    /** One page of matching resources, best first (newest first without a text query). */
    async search(filter: SearchFilter, page: { offset: number; limit: number }): Promise<{ items: Array<Resource & { score: number }>; total: number }> {
      const text = filter.tsquery;
      const query = applyFilter(from().select(resourceColumns), filter)
        .select(text !== null ? rankOf(text, filter.phrase ?? '').as('score') : sql<number>`0`.as('score'))
        .$if(text !== null, (q) => q.orderBy('score', 'desc').orderBy('r.name'))
        .$if(text === null, (q) => q.orderBy('r.updated_at', 'desc'));
      const [rows, count] = await Promise.all([
        query.orderBy('r.code').offset(page.offset).limit(page.limit).execute(),
        applyFilter(from(), filter)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((row) => ({ ...toResource(row), score: Number(row.score) })), total: Number(count.n) };
    },

    /** Counts per value of every facet, most frequent first. */
    async facets(filter: SearchFilter): Promise<Record<FacetKey, FacetCount[]>> {
      const entries = await Promise.all(
        FACETS.map(async (key) => {
          const column = columnOf[key];
          const rows = await applyFilter(from(), filter, key)
            .select([
              sql<string>`${sql.ref(column)}::text`.as('value'),
              key === 'owner' ? sql<string | null>`max(r.owner_name)`.as('label') : sql<string | null>`null`.as('label'),
              (eb) => eb.fn.countAll<number>().as('n'),
            ])
            .groupBy(column)
            .orderBy('n', 'desc')
            .orderBy('value')
            .execute();
          return [key, rows.map((row) => ({ value: row.value, label: row.label, count: Number(row.n) }))] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<FacetKey, FacetCount[]>;
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
