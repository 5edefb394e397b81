import { sql, type SelectQueryBuilder } from 'kysely';
import { selectPage, tablesOf, type Executor, type PageWindow } from '../../kernel/db/index.js';
import { arrayHolds, countFacet, countFacets, matchesText, phraseInNameBonus, textRank, type FacetCount } from '../../kernel/text/index.js';
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

/** `label` is the owner organisation's name for `owner`, null for the other facets. */
export type { FacetCount };

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
  const words = textRank('r.search_vector', tsquery);
  return phrase === '' ? words : sql<number>`(${words} + ${phraseInNameBonus('r.name', phrase)})::float8`;
}

type Query<O> = SelectQueryBuilder<CatalogTables & { r: CatalogTables['catalog_resource'] }, 'r', O>;

/**
 * Applies the visibility rule and every filter but `except` (so that a facet counts what
 * choosing one more of its values would add: disjunctive faceting).
 */
function applyFilter<O>(query: Query<O>, filter: SearchFilter, except?: FacetKey): Query<O> {
  let q = query.where((eb) => eb.or([eb('r.status', '<>', 'draft'), eb('r.owner_division_code', 'like', `${filter.regionPrefix}%`)]));
  if (filter.tsquery !== null) {
    q = q.where(matchesText('r.search_vector', filter.tsquery));
  }
  for (const key of FACETS) {
    const values = filter[key];
    if (key !== except && values !== undefined && values.length > 0) {
      q = q.where(columnOf[key], 'in', values);
    }
  }
  if (filter.tag !== undefined) {
    q = q.where(arrayHolds('r.tags', filter.tag));
  }
  return q;
}

/** Catalog search and facets; Kysely only. */
export function createSearchRepository(executor: Executor) {
  const db = tablesOf<CatalogTables>(executor);
  const from = () => db.selectFrom('catalog_resource as r');

  return {
    /** One page of matching resources, best first (newest first without a text query). */
    async search(filter: SearchFilter, page: PageWindow): Promise<{ items: Array<Resource & { score: number }>; total: number }> {
      const text = filter.tsquery;
      const query = applyFilter(from().select(resourceColumns), filter)
        .select(text !== null ? rankOf(text, filter.phrase ?? '').as('score') : sql<number>`0`.as('score'))
        .$if(text !== null, (q) => q.orderBy('score', 'desc').orderBy('r.name'))
        .$if(text === null, (q) => q.orderBy('r.updated_at', 'desc'));
      const { rows, total } = await selectPage(query.orderBy('r.code'), applyFilter(from(), filter), page);
      return { items: rows.map((row) => ({ ...toResource(row), score: Number(row.score) })), total };
    },

    /** Counts per value of every facet, most frequent first. */
    facets(filter: SearchFilter): Promise<Record<FacetKey, FacetCount[]>> {
      return countFacets(FACETS, (key) => countFacet(applyFilter(from(), filter, key), columnOf[key], key === 'owner' ? 'r.owner_name' : undefined));
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
