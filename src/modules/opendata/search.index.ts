/**
 * The published datasets held in memory for search: matching (the same tsquery over the
 * same jieba lexemes the database stores), ranking, facets and sorting cost no database
 * round trip, and identical searches are answered from a small cache until the index
 * changes. Each node catches up with the others' writes by reading the datasets whose
 * `change_seq` passed the last one it saw, at most once a second (its own writes at once);
 * use counters are re-read every minute (so popularity sorts lag by that much).
 */
import { sql } from 'kysely';
import { tablesOf, type Db } from '../../kernel/db/index.js';
import { datasetColumns, toDataset, type Dataset, type Distribution } from './dataset.repository.js';
import type { OpendataTables } from './opendata.tables.js';
import type { Clause, DatasetFilter, FacetCount, FacetKey, Sort } from './search.repository.js';
import { compileQuery, readVector, type CompiledQuery } from './tsquery.js';

interface Doc {
  dataset: Dataset;
  distributions: Distribution[];
  lexemes: Map<string, number>;
  titleLower: string;
}

export interface IndexResult {
  items: Array<Dataset & { score: number; distributions: Distribution[] }>;
  total: number;
  facets: Record<string, FacetCount[]>;
}

const SYNC_MS = 1_000;
const RELOAD_MS = 60_000;
const CACHE_SIZE = 1_000;

function valuesOf(dataset: Dataset, key: Clause['key']): readonly string[] {
  switch (key) {
    case 'owner':
      return [dataset.owner.code];
    case 'theme':
      return [dataset.theme];
    case 'tags':
      return dataset.tags;
    case 'format':
      return dataset.formats;
    case 'division':
      return [dataset.spatial.code];
    case 'licence':
      return [dataset.licence];
    case 'frequency':
      return [dataset.frequency];
    case 'access':
      return [dataset.access];
    case 'name':
      return [dataset.name];
    case 'id':
      return [dataset.id];
  }
}

const labelOf = (dataset: Dataset, key: FacetKey) => (key === 'owner' ? dataset.owner.name : key === 'division' ? dataset.spatial.name : null);

/** Ties fall to the most recently modified, then to the name. */
const TIE_BREAK: Sort[] = [{ key: 'modified', direction: 'desc' }, { key: 'name', direction: 'asc' }];

function compare(a: { doc: Doc; score: number }, b: { doc: Doc; score: number }, sort: readonly Sort[]): number {
  for (const { key, direction } of sort) {
    const x = a.doc.dataset;
    const y = b.doc.dataset;
    let order = 0;
    switch (key) {
      case 'score':
        order = a.score - b.score;
        break;
      case 'modified':
        order = x.modifiedAt.getTime() - y.modifiedAt.getTime();
        break;
      case 'created':
        order = x.createdAt.getTime() - y.createdAt.getTime();
        break;
      case 'data_updated':
        order = x.dataUpdatedAt.getTime() - y.dataUpdatedAt.getTime();
        break;
      case 'downloads':
        order = x.downloads - y.downloads;
        break;
      case 'api_calls':
        order = x.apiCalls - y.apiCalls;
        break;
      case 'name':
        order = x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
        break;
      case 'title':
        order = x.title < y.title ? -1 : x.title > y.title ? 1 : 0;
        break;
    }
    if (order !== 0) {
      return direction === 'asc' ? order : -order;
    }
  }
  return 0;
}

export function createSearchIndex(db: Db, now: () => number = Date.now) {
  const t = tablesOf<OpendataTables>(db);
  const docs = new Map<string, Doc>();
  const queries = new Map<string, CompiledQuery>();
  const sortedCache = new Map<string, { base: Array<{ doc: Doc; score: number }>; sorted: Array<{ doc: Doc; score: number }> }>();
  const facetCache = new Map<string, Record<string, FacetCount[]>>();
  let watermark = -1;
  let checkedAt = 0;
  let reloadedAt = 0;
  let syncing: Promise<void> | null = null;
  /** Goes up whenever what a search may find changes. */
  let generation = 0;

  async function load(since: number): Promise<number> {
    const rows = await t
      .selectFrom('opendata_dataset')
      .select([...datasetColumns, 'change_seq', sql<string>`search_vector::text`.as('vector')])
      .where('change_seq', '>', since)
      .execute();
    if (rows.length === 0) {
      return 0;
    }
    const ids = rows.map((r) => r.id);
    const distributions = new Map<string, Distribution[]>();
    for (let start = 0; start < ids.length; start += 5_000) {
      const chunk = await t.selectFrom('opendata_distribution').selectAll().where('dataset_id', 'in', ids.slice(start, start + 5_000)).orderBy('position').execute();
      for (const d of chunk) {
        const list = distributions.get(d.dataset_id) ?? [];
        list.push({ id: d.id, datasetId: d.dataset_id, format: d.format, position: d.position, createdAt: d.created_at, modifiedAt: d.modified_at });
        distributions.set(d.dataset_id, list);
      }
    }
    for (const row of rows) {
      watermark = Math.max(watermark, Number(row.change_seq));
      const dataset = toDataset(row);
      if (dataset.status === 'published') {
        docs.set(dataset.id, { dataset, distributions: distributions.get(dataset.id) ?? [], lexemes: readVector(row.vector), titleLower: dataset.title.toLowerCase() });
      } else {
        docs.delete(dataset.id);
      }
    }
    sortedCache.clear();
    facetCache.clear();
    generation += 1;
    return rows.length;
  }

  async function sync(): Promise<void> {
    const at = now();
    checkedAt = at;
    if (reloadedAt === 0) {
      reloadedAt = at;
      await load(-1);
      return;
    }
    await load(watermark);
    if (at - reloadedAt >= RELOAD_MS) {
      // Use counters change without a new change_seq: re-read them alone.
      reloadedAt = at;
      const rows = await t.selectFrom('opendata_dataset').select(['id', 'downloads', 'api_calls']).where('status', '=', 'published').execute();
      for (const row of rows) {
        const doc = docs.get(row.id);
        if (doc && (doc.dataset.downloads !== Number(row.downloads) || doc.dataset.apiCalls !== Number(row.api_calls))) {
          doc.dataset = { ...doc.dataset, downloads: Number(row.downloads), apiCalls: Number(row.api_calls) };
        }
      }
    }
  }

  function compiled(tsquery: string): CompiledQuery {
    let query = queries.get(tsquery);
    if (!query) {
      query = compileQuery(tsquery);
      if (queries.size > CACHE_SIZE) {
        queries.clear();
      }
      queries.set(tsquery, query);
    }
    return query;
  }

  type Scored = { doc: Doc; score: number };
  type Facets = { keys: readonly FacetKey[]; limit: number; disjunctive: boolean };

  const holds = (doc: Doc, clause: Clause) => {
    const values = valuesOf(doc.dataset, clause.key);
    const hit = clause.values.some((v) => values.includes(v));
    return clause.negate ? !hit : hit;
  };

  /** Datasets matching the text and the overdue condition (clauses apart), with their scores. */
  function textMatches(filter: DatasetFilter): Scored[] {
    const query = filter.tsquery === null ? null : compiled(filter.tsquery);
    const phrase = filter.phrase ?? '';
    const overdueAt = filter.overdueAt?.getTime();
    const out: Scored[] = [];
    for (const doc of docs.values()) {
      if ((query && !query.matches(doc.lexemes)) || (overdueAt !== undefined && doc.dataset.dueAt.getTime() >= overdueAt)) {
        continue;
      }
      let score = 0;
      if (query) {
        for (const lexeme of query.lexemes) {
          score += doc.lexemes.get(lexeme) ?? 0;
        }
        const at = phrase === '' ? -1 : doc.titleLower.indexOf(phrase);
        if (at >= 0) {
          score += (0.5 * phrase.length) / doc.titleLower.length + (at === 0 ? 0.25 : 0);
        }
      }
      out.push({ doc, score });
    }
    return out;
  }

  function count(pool: readonly Scored[], key: FacetKey, limit: number): FacetCount[] {
    const tally = new Map<string, FacetCount>();
    for (const { doc } of pool) {
      for (const value of new Set(valuesOf(doc.dataset, key))) {
        const entry = tally.get(value);
        if (entry) {
          entry.count += 1;
        } else {
          tally.set(value, { value, label: labelOf(doc.dataset, key), count: 1 });
        }
      }
    }
    const list = [...tally.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return limit >= 0 ? list.slice(0, limit) : list;
  }

  /** Every match, sorted; a page of the same search is then a slice of it. */
  function matches(filter: DatasetFilter, sort: readonly Sort[]): { base: Scored[]; sorted: Scored[] } {
    const key = JSON.stringify(['m', filter.tsquery, filter.phrase ?? '', filter.clauses, filter.overdueAt?.getTime() ?? null, sort]);
    const cached = sortedCache.get(key);
    if (cached) {
      return cached;
    }
    const base = textMatches(filter);
    const active = filter.clauses.filter((c) => c.values.length > 0);
    const order = [...sort, ...TIE_BREAK];
    const sorted = base.filter(({ doc }) => active.every((c) => holds(doc, c))).sort((a, b) => compare(a, b, order));
    const entry = { base, sorted };
    remember(sortedCache, key, entry, filter);
    return entry;
  }

  function facetsOf(filter: DatasetFilter, found: { base: Scored[]; sorted: Scored[] }, facets: Facets): Record<string, FacetCount[]> {
    const key = JSON.stringify(['f', filter.tsquery, filter.clauses, filter.overdueAt?.getTime() ?? null, facets]);
    const cached = facetCache.get(key);
    if (cached) {
      return cached;
    }
    const active = filter.clauses.filter((c) => c.values.length > 0);
    const counts: Record<string, FacetCount[]> = {};
    for (const facet of facets.keys) {
      const pool = facets.disjunctive ? found.base.filter(({ doc }) => active.every((c) => c.key === facet || holds(doc, c))) : found.sorted;
      counts[facet] = count(pool, facet, facets.limit);
    }
    remember(facetCache, key, counts, filter);
    return counts;
  }

  /** Searches for overdue datasets depend on the time: they are never kept. */
  function remember<T>(cache: Map<string, T>, key: string, value: T, filter: DatasetFilter): void {
    if (filter.overdueAt !== undefined) {
      return;
    }
    if (cache.size >= CACHE_SIZE) {
      cache.clear();
    }
    cache.set(key, value);
  }

  return {
    /** Brings the index up to date if its last look at the database is older than a second. */
    async fresh(): Promise<void> {
      if (now() - checkedAt < SYNC_MS && reloadedAt !== 0) {
        return;
      }
      syncing ??= sync().finally(() => {
        syncing = null;
      });
      await syncing;
    },

    /** A number that changes whenever the indexed datasets do (read it after `fresh()`). */
    generation: () => generation,

    /** After a write on this node: the next search reads the change first. */
    invalidate(): void {
      checkedAt = 0;
    },

    /** After writes that bypass change tracking (the demo's use counters): the next search reloads everything. */
    reload(): void {
      checkedAt = 0;
      reloadedAt = 0;
    },

    /** Counts a use at once on this node (other nodes see it at their next reload). */
    countUse(datasetId: string, kind: 'download' | 'api_call'): void {
      const doc = docs.get(datasetId);
      if (doc) {
        doc.dataset = kind === 'download' ? { ...doc.dataset, downloads: doc.dataset.downloads + 1 } : { ...doc.dataset, apiCalls: doc.dataset.apiCalls + 1 };
      }
    },

    /** Published datasets matching `filter`, sorted and paged, with facet counts. */
    async search(filter: DatasetFilter, sort: readonly Sort[], page: { offset: number; limit: number }, facets: Facets = { keys: [], limit: 0, disjunctive: false }): Promise<IndexResult> {
      await this.fresh();
      const found = matches(filter, sort);
      const items = found.sorted.slice(page.offset, page.offset + page.limit).map(({ doc, score }) => ({ ...doc.dataset, score, distributions: doc.distributions }));
      return { items, total: found.sorted.length, facets: facets.keys.length > 0 ? facetsOf(filter, found, facets) : {} };
    },
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;
