/**
 * The CKAN actions yiwang answers, each taking CKAN's parameters and returning what CKAN
 * puts under `result`. Only published datasets exist for this API.
 */
import { textQuery } from '../../../kernel/text/index.js';
import type { Dataset, Distribution } from '../dataset.repository.js';
import type { OpendataDeps } from '../opendata.deps.js';
import { createSearchRepository, type Clause, type DatasetFilter, type FacetKey } from '../search.repository.js';
import type { PortalService } from '../portal.service.js';
import type { SearchIndex } from '../search.index.js';
import { allGroups, groupDict, organizationDict, packageDict, resourceDict } from './ckan.views.js';
import { bool, CkanError, CKAN_FIELDS, FACETABLE, integer, natural, parseQuery, parseSort, RawJson, required, stringList, text, type Params } from './ckan.params.js';

/** CKAN's default `ckan.search.rows_max`. */
const ROWS_MAX = 1_000;
/** Serialised answers to identical searches are reused while the index is unchanged, for at most this long (overdue flags follow the clock). */
const ANSWER_TTL_MS = 10_000;
const ANSWERS_MAX = 1_000;
const LIST_MAX = 1_000;

export interface ActionContext {
  /** The site's base URL, e.g. https://data.ezhou.gov.cn. */
  base: string;
}

export type Action = (params: Params, context: ActionContext) => Promise<unknown>;

export const CKAN_VERSION = '2.10.4';

export function createCkanActions(deps: Pick<OpendataDeps, 'db' | 'clock'>, portal: PortalService, index: SearchIndex) {
  const search = createSearchRepository(deps.db);
  const answers = new Map<string, { generation: number; at: number; json: string }>();
  // Package dicts of search results are built once per dataset state, base URL and overdue flag.
  const dicts = new Map<string, { stamp: string; dict: ReturnType<typeof packageDict> }>();
  function packageOf(base: string, dataset: Dataset & { distributions: Distribution[] }, now: Date) {
    const stamp = `${base} ${dataset.version} ${dataset.downloads} ${dataset.apiCalls} ${dataset.dueAt.getTime() < now.getTime()}`;
    const memo = dicts.get(dataset.id);
    if (memo?.stamp === stamp) {
      return memo.dict;
    }
    const dict = packageDict(base, dataset, dataset.distributions, now);
    if (dicts.size >= 50_000) {
      dicts.clear();
    }
    dicts.set(dataset.id, { stamp, dict });
    return dict;
  }

  async function packages(base: string, datasets: readonly Dataset[]) {
    const distributions = await portal.distributions(datasets.map((d) => d.id));
    const now = deps.clock();
    return datasets.map((d) => packageDict(base, d, distributions.get(d.id) ?? [], now));
  }

  /** Applies CKAN's list parameters (sort by name or title, limit, offset) to group-like dicts. */
  function listed<T extends { name: string; title: string; package_count?: number }>(items: T[], params: Params, key: 'organizations' | 'groups'): Array<T | string> {
    const only = stringList(params, key);
    let list = only ? items.filter((i) => only.includes(i.name)) : items;
    const sort = (text(params, 'sort') ?? 'title asc').trim();
    const match = /^(name|title|package_count)(?:\s+(asc|desc))?$/.exec(sort);
    if (!match) {
      throw CkanError.validation({ sort: ['Cannot sort by field `' + sort + '`'] });
    }
    const field = match[1] as 'name' | 'title' | 'package_count';
    const direction = match[2] === 'desc' ? -1 : 1;
    list = [...list].sort((a, b) => direction * (field === 'package_count' ? (a.package_count ?? 0) - (b.package_count ?? 0) : String(a[field]).localeCompare(String(b[field]), 'zh-CN')));
    const offset = natural(params, 'offset', 0);
    const limit = natural(params, 'limit', LIST_MAX, LIST_MAX);
    const page = list.slice(offset, offset + limit);
    return bool(params, 'all_fields', false) ? page : page.map((i) => i.name);
  }

  async function organizations() {
    return (await search.owners()).map((o) => organizationDict(o, o.count));
  }

  async function groups() {
    const counts = await search.themeCounts();
    return allGroups()
      .filter((code) => (counts.get(code) ?? 0) > 0)
      .map((code) => groupDict(code, counts.get(code) ?? 0));
  }

  /** package_search's result: CKAN's count, results, facets, search_facets and sort. */
  async function searchPackages(params: Params, base: string) {
    const rows = natural(params, 'rows', 10, ROWS_MAX);
    const start = natural(params, 'start', 0);
    const facetFields = stringList(params, 'facet.field') ?? [];
    const facetLimit = integer(params, 'facet.limit', 50);
    const facetMincount = integer(params, 'facet.mincount', 1);
    const facet = bool(params, 'facet', true);
    const unknownFacets = facetFields.filter((f) => !(FACETABLE as readonly string[]).includes(f));
    if (unknownFacets.length > 0) {
      throw new CkanError(409, 'Search Error', `Search error: undefined facet field ${unknownFacets.join(', ')}`);
    }
    const { sort, text: sortText } = parseSort(text(params, 'sort'));
    const q = parseQuery(text(params, 'q'));
    const fq = parseQuery(text(params, 'fq'));
    const fqList = stringList(params, 'fq_list') ?? [];
    const clauses: Clause[] = [...q.clauses, ...fq.clauses, ...fqList.flatMap((f) => parseQuery(f).clauses)];
    const words = [q.text, fq.text].filter((w) => w !== '').join(' ');
    const query = words === '' ? undefined : textQuery(words);
    if (query === null) {
      return { count: 0, results: [], facets: {}, search_facets: {}, sort: sortText };
    }
    const filter: DatasetFilter = { tsquery: query?.all ?? null, phrase: query?.phrase, clauses };
    const keys = facet ? facetFields.map((f) => CKAN_FIELDS[f] as FacetKey) : [];
    const found = await index.search(filter, sort, { offset: start, limit: rows }, { keys, limit: facetLimit, disjunctive: false });
    const counts = found.facets;
    const facets: Record<string, Record<string, number>> = {};
    const searchFacets: Record<string, { title: string; items: Array<{ name: string; display_name: string; count: number }> }> = {};
    if (facet) {
      for (const field of facetFields) {
        const items = (counts[CKAN_FIELDS[field] as FacetKey] ?? []).filter((c) => c.count >= facetMincount);
        facets[field] = Object.fromEntries(items.map((c) => [c.value, c.count]));
        const display = (c: { value: string; label: string | null }) => (field === 'groups' ? (groupDict(c.value).display_name) : c.label ?? c.value);
        searchFacets[field] = {
          title: field,
          items: items.map((c) => ({ name: c.value, display_name: display(c), count: c.count })).sort((a, b) => (a.display_name < b.display_name ? 1 : a.display_name > b.display_name ? -1 : 0)),
        };
      }
    }
    const now = deps.clock();
    return { count: found.total, results: found.items.map((d) => packageOf(base, d, now)), facets, search_facets: searchFacets, sort: sortText };
  }

  const actions: Record<string, Action> = {
    async package_list(params) {
      const offset = natural(params, 'offset', 0);
      const limit = params.limit === undefined ? null : natural(params, 'limit', 0);
      return search.names({ offset, limit });
    },

    async package_show(params, { base }) {
      const id = text(params, 'id') ?? text(params, 'name_or_id');
      if (!id?.trim()) {
        throw CkanError.validation({ name_or_id: ['Missing value'] });
      }
      const dataset = await portal.published(id.trim()).catch(() => null);
      if (!dataset) {
        throw CkanError.notFound('Dataset not found');
      }
      return (await packages(base, [dataset]))[0];
    },

    async package_search(params, { base }) {
      await index.fresh();
      const key = `${base}\n${JSON.stringify(params)}`;
      const answer = answers.get(key);
      if (answer && answer.generation === index.generation() && Date.now() - answer.at < ANSWER_TTL_MS) {
        return new RawJson(answer.json);
      }
      const generation = index.generation();
      const json = JSON.stringify(await searchPackages(params, base));
      if (answers.size >= ANSWERS_MAX) {
        answers.clear();
      }
      answers.set(key, { generation, at: Date.now(), json });
      return new RawJson(json);
    },

    async organization_list(params) {
      return listed(await organizations(), params, 'organizations');
    },

    async organization_show(params, { base }) {
      const id = required(params, 'id');
      const organization = (await organizations()).find((o) => o.id === id || o.name === id);
      if (!organization) {
        throw CkanError.notFound('Organization was not found.');
      }
      const extra = { users: [], tags: [], groups: [], extras: [] };
      if (!bool(params, 'include_datasets', false)) {
        return { ...organization, ...extra };
      }
      const found = await search.search({ tsquery: null, clauses: [{ key: 'owner', values: [organization.name] }] }, [{ key: 'name', direction: 'asc' }], { offset: 0, limit: LIST_MAX });
      return { ...organization, ...extra, packages: await packages(base, found.items) };
    },

    async group_list(params) {
      return listed(await groups(), params, 'groups');
    },

    async group_show(params, { base }) {
      const id = required(params, 'id');
      const group = (await groups()).find((g) => g.id === id);
      if (!group) {
        throw CkanError.notFound('Group was not found.');
      }
      if (!bool(params, 'include_datasets', false)) {
        return { ...group, extras: [] };
      }
      const found = await search.search({ tsquery: null, clauses: [{ key: 'theme', values: [group.name] }] }, [{ key: 'name', direction: 'asc' }], { offset: 0, limit: LIST_MAX });
      return { ...group, extras: [], packages: await packages(base, found.items) };
    },

    async tag_list(params) {
      if (text(params, 'vocabulary_id')) {
        throw CkanError.notFound('Could not find vocabulary');
      }
      const query = text(params, 'query')?.trim() || null;
      const tags = await search.tags(query);
      return bool(params, 'all_fields', false) ? tags.map((t) => ({ name: t.name, display_name: t.name, vocabulary_id: null })) : tags.map((t) => t.name);
    },

    async resource_show(params, { base }) {
      const id = required(params, 'id');
      const distribution = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? await portal.distribution(id) : undefined;
      const dataset = distribution ? await portal.getDataset(distribution.datasetId) : undefined;
      if (!distribution || !dataset || dataset.status !== 'published') {
        throw CkanError.notFound('Resource was not found.');
      }
      return resourceDict(base, dataset, distribution);
    },

    async status_show(_params, { base }) {
      return {
        site_title: '鄂州市公共数据开放平台（yiwang 一网）',
        site_description: '鄂州市各部门依法开放的公共数据集，兼容 CKAN Action API 与 DCAT-AP。',
        site_url: base,
        ckan_version: CKAN_VERSION,
        error_emails_to: null,
        locale_default: 'zh_Hans_CN',
        extensions: ['yiwang-opendata', 'dcat'],
      };
    },

    async help_show(params) {
      const name = required(params, 'name');
      if (!(name in actions)) {
        throw CkanError.notFound(`Action function not found: ${name}`);
      }
      return HELP[name] ?? name;
    },
  };
  return actions;
}

const HELP: Record<string, string> = {
  package_list: 'Return a list of the names of the site\'s datasets. :param limit: :param offset:',
  package_show: 'Return the metadata of a dataset and its resources. :param id: the id or name of the dataset',
  package_search: 'Searches for datasets: q, fq, fq_list, sort, rows (≤ 1000), start, facet, facet.field (JSON list of organization, groups, tags, res_format, license_id, frequency, spatial_code, access), facet.limit, facet.mincount.',
  organization_list: 'Return a list of the names of the site\'s organizations: all_fields, sort, limit, offset, organizations.',
  organization_show: 'Return the details of an organization: id, include_datasets.',
  group_list: 'Return a list of the names of the site\'s groups (数据领域): all_fields, sort, limit, offset, groups.',
  group_show: 'Return the details of a group: id, include_datasets.',
  tag_list: 'Return a list of the site\'s tags: query, all_fields.',
  resource_show: 'Return the metadata of a resource: id.',
  status_show: 'Return a dictionary with information about the site\'s configuration.',
  help_show: 'Return the help string for a particular API action: name.',
};
