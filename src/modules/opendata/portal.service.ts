/**
 * What the public portal reads: search with facets, home figures, dataset pages with a
 * preview, downloads and row API calls (counted per day), update history, department
 * pages and daily statistics. Conditional-open rows go only to keys granted for them.
 */
import type { Principal } from '../../kernel/auth/index.js';
import { textQuery } from '../../kernel/text/index.js';
import { createApplicationRepository } from './application.repository.js';
import { createDatasetRepository, type Dataset, type Distribution } from './dataset.repository.js';
import { chinaDay, type OpendataDeps } from './opendata.deps.js';
import { ConditionalAccessRequired, DatasetNotFound, NotGranted } from './opendata.errors.js';
import { freshness, type Freshness, type Row } from './opendata.model.js';
import { canManage } from './opendata.permissions.js';
import { toCsv } from './opendata.rows.js';
import { toXlsx, XLSX_TYPE } from './opendata.xlsx.js';
import type { SearchIndex } from './search.index.js';
import { createSearchRepository, FACETS, type Clause, type DatasetFilter, type FacetCount, type FacetKey, type Sort } from './search.repository.js';
import { createUsageRepository, type UsageKind } from './usage.repository.js';

export const PREVIEW_ROWS = 10;
export const MAX_API_ROWS = 1_000;

export interface PortalSearch {
  q?: string | undefined;
  page: number;
  pageSize: number;
  sort?: 'relevance' | 'newest' | 'modified' | 'popular' | undefined;
  department?: string[] | undefined;
  theme?: string[] | undefined;
  format?: string[] | undefined;
  division?: string[] | undefined;
  licence?: string[] | undefined;
  frequency?: string[] | undefined;
  tag?: string | undefined;
  overdue?: boolean | undefined;
}

/** The files generated from a dataset's rows. */
export type FileFormat = 'csv' | 'json' | 'xlsx';
export interface DownloadFile {
  dataset: Dataset;
  contentType: string;
  filename: string;
  body: string | Buffer;
}

export type WithFreshness<T> = T & { freshness: Freshness };

const PORTAL_SORTS: Record<NonNullable<PortalSearch['sort']>, Sort[]> = {
  relevance: [{ key: 'score', direction: 'desc' }],
  newest: [{ key: 'created', direction: 'desc' }],
  modified: [{ key: 'data_updated', direction: 'desc' }],
  popular: [{ key: 'downloads', direction: 'desc' }, { key: 'api_calls', direction: 'desc' }],
};

export function createPortalService(deps: OpendataDeps, index: SearchIndex) {
  const { db, clock } = deps;
  const datasets = createDatasetRepository(db);
  const search = createSearchRepository(db);
  const usage = createUsageRepository(db);
  const applications = createApplicationRepository(db);

  const fresh = <T extends Dataset>(dataset: T): WithFreshness<T> => ({ ...dataset, freshness: freshness(dataset.dueAt, clock()) });

  async function published(key: string): Promise<Dataset> {
    const dataset = await datasets.getByNameOrId(key);
    if (!dataset || dataset.status !== 'published') {
      throw DatasetNotFound();
    }
    return dataset;
  }

  async function counted(dataset: Dataset, kind: UsageKind): Promise<void> {
    await usage.count(dataset.id, chinaDay(clock()), kind);
    index.countUse(dataset.id, kind);
  }

  /** The dataset whose rows `principal` may read: granted by an approved application, or managed by them. */
  async function grantedTo(principal: Principal, key: string): Promise<Dataset> {
    const dataset = await published(key);
    if (dataset.access === 'unconditional' || canManage(principal, dataset.owner)) {
      return dataset;
    }
    if (principal.kind !== 'apiKey' || !(await applications.granted(principal.id, dataset.id))) {
      throw NotGranted();
    }
    return dataset;
  }

  async function file(dataset: Dataset, rows: Row[], format: FileFormat): Promise<DownloadFile> {
    if (format === 'csv') {
      return { dataset, contentType: 'text/csv; charset=utf-8', filename: `${dataset.name}.csv`, body: toCsv(rows, dataset.fields) };
    }
    if (format === 'xlsx') {
      return { dataset, contentType: XLSX_TYPE, filename: `${dataset.name}.xlsx`, body: await toXlsx(rows, dataset.fields, dataset.title) };
    }
    const body = JSON.stringify({ name: dataset.name, title: dataset.title, fields: dataset.fields, dataUpdatedAt: dataset.dataUpdatedAt.toISOString(), rows });
    return { dataset, contentType: 'application/json; charset=utf-8', filename: `${dataset.name}.json`, body };
  }

  const service = {
    /** Published datasets matching a search (Chinese word segmentation), with facet counts. */
    async search(query: PortalSearch) {
      const text = query.q === undefined || query.q.trim() === '' ? undefined : textQuery(query.q);
      const clauses: Clause[] = [];
      const add = (key: FacetKey, values: string[] | undefined) => values !== undefined && values.length > 0 && clauses.push({ key, values });
      add('owner', query.department);
      add('theme', query.theme);
      add('format', query.format);
      add('division', query.division);
      add('licence', query.licence);
      add('frequency', query.frequency);
      add('tags', query.tag === undefined ? undefined : [query.tag]);
      const emptyFacets = Object.fromEntries(FACETS.map((k) => [k, [] as FacetCount[]]));
      if (text === null) {
        return { items: [], total: 0, facets: emptyFacets, match: 'all' as const, tokens: [] as string[] };
      }
      const filter: DatasetFilter = { tsquery: text?.all ?? null, phrase: text?.phrase, clauses, overdueAt: query.overdue ? clock() : undefined };
      const sort = PORTAL_SORTS[query.sort ?? (text ? 'relevance' : 'modified')];
      const window = { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
      const facetKeys: FacetKey[] = ['owner', 'theme', 'format', 'division', 'licence', 'frequency'];
      const options = { keys: facetKeys, limit: 50, disjunctive: true };
      let found = await index.search(filter, sort, window, options);
      let match: 'all' | 'any' | null = text ? 'all' : null;
      if (text && found.total === 0 && text.tokens.length > 1) {
        found = await index.search({ ...filter, tsquery: text.any }, sort, window, options);
        match = 'any';
      }
      return { items: found.items.map(fresh), total: found.total, facets: { ...emptyFacets, ...found.facets }, match, tokens: text?.tokens ?? [] };
    },

    /** Figures, newest and most-used datasets, datasets per theme. */
    async home() {
      const now = clock();
      const [totals, newest, popular, themes] = await Promise.all([
        search.totals(now),
        index.search({ tsquery: null, clauses: [] }, PORTAL_SORTS.newest, { offset: 0, limit: 6 }),
        index.search({ tsquery: null, clauses: [] }, PORTAL_SORTS.popular, { offset: 0, limit: 6 }),
        search.themeCounts(),
      ]);
      return { totals, newest: newest.items.map(fresh), mostUsed: popular.items.map(fresh), themes };
    },

    /** A published dataset with its distributions and freshness. */
    async dataset(key: string): Promise<WithFreshness<Dataset> & { distributions: Distribution[] }> {
      const dataset = await published(key);
      const distributions = (await datasets.distributionsOf([dataset.id])).get(dataset.id) ?? [];
      return { ...fresh(dataset), distributions };
    },

    /** The first rows, for the dataset page. Conditional-open datasets show none. */
    async preview(key: string): Promise<{ fields: Dataset['fields']; rows: Row[]; total: number; restricted: boolean }> {
      const dataset = await published(key);
      const restricted = dataset.access === 'conditional';
      return { fields: dataset.fields, rows: restricted ? [] : await datasets.rows(dataset.id, { offset: 0, limit: PREVIEW_ROWS }), total: dataset.rowCount, restricted };
    },

    /** Every row as a CSV or JSON file; counted as one download. */
    async download(key: string, format: FileFormat) {
      const dataset = await published(key);
      if (dataset.access === 'conditional') {
        throw ConditionalAccessRequired();
      }
      const rows = await datasets.rows(dataset.id, { offset: 0, limit: dataset.rowCount + 1 });
      await counted(dataset, 'download');
      return file(dataset, rows, format);
    },

    /** A page of rows through the row API; counted as one API call. */
    async rows(key: string, page: { offset: number; limit: number }) {
      const dataset = await published(key);
      if (dataset.access === 'conditional') {
        throw ConditionalAccessRequired();
      }
      return service.rowsOf(dataset, page);
    },

    async rowsOf(dataset: Dataset, page: { offset: number; limit: number }) {
      const rows = await datasets.rows(dataset.id, { offset: page.offset, limit: Math.min(page.limit, MAX_API_ROWS) });
      await counted(dataset, 'api_call');
      return { name: dataset.name, fields: dataset.fields, total: dataset.rowCount, offset: page.offset, rows };
    },

    /** The rows of a conditional-open dataset, for a key granted to it. */
    async grantedRows(principal: Principal, key: string, page: { offset: number; limit: number }) {
      return service.rowsOf(await grantedTo(principal, key), page);
    },

    async grantedDownload(principal: Principal, key: string, format: FileFormat) {
      const dataset = await grantedTo(principal, key);
      const rows = await datasets.rows(dataset.id, { offset: 0, limit: dataset.rowCount + 1 });
      await counted(dataset, 'download');
      return file(dataset, rows, format);
    },

    async updates(key: string, page: { page: number; pageSize: number }) {
      const dataset = await published(key);
      return datasets.updates(dataset.id, { offset: (page.page - 1) * page.pageSize, limit: page.pageSize });
    },

    /** A department's page: its published datasets, how many are overdue, its use. */
    async department(code: string) {
      const owner = (await search.owners()).find((o) => o.code === code);
      if (!owner) {
        throw DatasetNotFound({ department: code });
      }
      const filter: DatasetFilter = { tsquery: null, clauses: [{ key: 'owner', values: [code] }] };
      const [all, overdue] = await Promise.all([
        search.search(filter, PORTAL_SORTS.modified, { offset: 0, limit: 500 }),
        search.search({ ...filter, overdueAt: clock() }, PORTAL_SORTS.modified, { offset: 0, limit: 0 }),
      ]);
      const downloads = all.items.reduce((sum, d) => sum + d.downloads, 0);
      const apiCalls = all.items.reduce((sum, d) => sum + d.apiCalls, 0);
      return { code: owner.code, name: owner.name, divisionCode: owner.divisionCode, datasets: all.items.map(fresh), total: all.total, overdue: overdue.total, downloads, apiCalls };
    },

    /** Use per day over the last `days` days (China time), with every day present, and the most used datasets. */
    async statistics(days: number, key?: string) {
      const dataset = key === undefined ? undefined : await published(key);
      const end = clock();
      const to = chinaDay(end);
      const from = chinaDay(new Date(end.getTime() - (days - 1) * 86_400_000));
      const counted = new Map((await usage.daily({ from, to }, dataset ? [dataset.id] : undefined)).map((d) => [d.day, d]));
      const series = [];
      for (let i = days - 1; i >= 0; i--) {
        const day = chinaDay(new Date(end.getTime() - i * 86_400_000));
        series.push(counted.get(day) ?? { day, downloads: 0, apiCalls: 0 });
      }
      const top = dataset ? [] : (await search.search({ tsquery: null, clauses: [] }, PORTAL_SORTS.popular, { offset: 0, limit: 10 })).items;
      return { from, to, days: series, top: top.map((d) => ({ name: d.name, title: d.title, owner: d.owner.name, downloads: d.downloads, apiCalls: d.apiCalls })) };
    },

    distributions: (ids: readonly string[]) => datasets.distributionsOf(ids),
    distribution: (id: string) => datasets.distribution(id),
    getDataset: (id: string) => datasets.get(id),
    published,
    fresh,
  };
  return service;
}

export type PortalService = ReturnType<typeof createPortalService>;
