/**
 * CKAN Action API parameters as CKAN reads them: GET query strings or a POST JSON object,
 * validated with CKAN's error types, field messages and HTTP statuses. `q` and `fq` accept
 * the part of Solr's syntax that CKAN clients and harvesters send: `field:value`,
 * `field:"quoted value"`, `field:(a OR b)`, a leading `-` to exclude, `*:*` for everything.
 */
import type { Clause, FacetKey, Sort, SortKey } from '../search.repository.js';

/** A CKAN error: `__type` and HTTP status as CKAN answers them. */
export class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** Validation errors: field → messages (CKAN puts them beside `__type`). */
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }

  static notFound(what: string): CkanError {
    return new CkanError(404, 'Not Found Error', `Not found: ${what}`);
  }

  static validation(fields: Record<string, string[]>): CkanError {
    return new CkanError(409, 'Validation Error', 'Validation error', fields);
  }

  static searchQuery(message: string): CkanError {
    return new CkanError(400, 'Search Query Error', `Search Query is invalid: ${message}`);
  }
}

export type Params = Record<string, unknown>;

/** A scalar parameter (the last one when a query string repeats it). */
export function text(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? undefined : String(value[value.length - 1]);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** CKAN's natural_number_validator: an integer ≥ 0 (text or number). */
export function natural(params: Params, key: string, fallback: number, max?: number): number {
  const raw = params[key];
  if (raw === undefined || raw === null || raw === '') {
    return fallback;
  }
  const value = typeof raw === 'number' ? raw : /^\s*-?\d+\s*$/.test(String(raw)) ? Number(String(raw).trim()) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw CkanError.validation({ [key]: ['Invalid integer'] });
  }
  if (value < 0) {
    throw CkanError.validation({ [key]: ['Must be a natural number'] });
  }
  return max === undefined ? value : Math.min(value, max);
}

/** CKAN's int_validator (negative allowed). */
export function integer(params: Params, key: string, fallback: number): number {
  const raw = params[key];
  if (raw === undefined || raw === null || raw === '') {
    return fallback;
  }
  const value = typeof raw === 'number' ? raw : /^\s*-?\d+\s*$/.test(String(raw)) ? Number(String(raw).trim()) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw CkanError.validation({ [key]: ['Invalid integer'] });
  }
  return value;
}

/** CKAN's asbool: true/false, yes/no, on/off, 1/0 … */
export function bool(params: Params, key: string, fallback: boolean): boolean {
  const raw = params[key];
  if (raw === undefined || raw === null || raw === '') {
    return fallback;
  }
  if (typeof raw === 'boolean') {
    return raw;
  }
  const value = String(raw).trim().toLowerCase();
  if (['true', 'yes', 'on', 'y', 't', '1'].includes(value)) {
    return true;
  }
  if (['false', 'no', 'off', 'n', 'f', '0'].includes(value)) {
    return false;
  }
  throw CkanError.validation({ [key]: [`String is not true/false: "${value}"`] });
}

/** A list parameter given as a JSON list (CKAN's convert_to_json_if_string) or repeated in the query. */
export function stringList(params: Params, key: string): string[] | undefined {
  let raw = params[key];
  if (raw === undefined || raw === null || raw === '') {
    return undefined;
  }
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw CkanError.validation({ [key]: ['Could not parse as valid JSON'] });
    }
  }
  if (!Array.isArray(raw)) {
    throw CkanError.validation({ [key]: ['Not a list'] });
  }
  if (!raw.every((v) => typeof v === 'string')) {
    throw CkanError.validation({ [key]: ['Not a string'] });
  }
  return raw as string[];
}

export function required(params: Params, key: string): string {
  const value = text(params, key)?.trim();
  if (!value) {
    throw CkanError.validation({ [key]: ['Missing value'] });
  }
  return value;
}

/** CKAN field names → the portal's search dimensions. */
export const CKAN_FIELDS: Record<string, FacetKey | 'name' | 'id'> = {
  organization: 'owner',
  groups: 'theme',
  tags: 'tags',
  res_format: 'format',
  license_id: 'licence',
  frequency: 'frequency',
  spatial_code: 'division',
  access: 'access',
  name: 'name',
  id: 'id',
};

/** The facet fields package_search can count. */
export const FACETABLE = ['organization', 'groups', 'tags', 'res_format', 'license_id', 'frequency', 'spatial_code', 'access'] as const;

/** Splits on whitespace outside quotes and parentheses. */
function tokens(query: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const ch of query) {
    if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === '(') {
      depth += 1;
    } else if (!quoted && ch === ')') {
      depth = Math.max(0, depth - 1);
    }
    if (!quoted && depth === 0 && /\s/.test(ch)) {
      if (current !== '') {
        out.push(current);
      }
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted || depth !== 0) {
    throw CkanError.searchQuery('unbalanced quotes or parentheses');
  }
  if (current !== '') {
    out.push(current);
  }
  return out;
}

const unquote = (value: string) => (value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);

function values(raw: string): string[] {
  if (raw.startsWith('(') && raw.endsWith(')')) {
    return raw
      .slice(1, -1)
      .split(/\s+OR\s+/)
      .map((v) => unquote(v.trim()))
      .filter((v) => v !== '');
  }
  return [unquote(raw)];
}

/**
 * Splits a Solr-style query into clauses on known fields and free text. A field yiwang does
 * not know is a Search Query Error (400), as CKAN answers when Solr refuses it.
 */
export function parseQuery(query: string | undefined): { clauses: Clause[]; text: string } {
  const clauses: Clause[] = [];
  const words: string[] = [];
  for (const token of tokens(query ?? '')) {
    if (token === '*:*' || token === 'AND' || token === '&&') {
      continue;
    }
    const match = /^([+-]?)([A-Za-z_][A-Za-z0-9_.]*):(.+)$/s.exec(token);
    if (!match) {
      words.push(unquote(token.replace(/^\+/, '')));
      continue;
    }
    const [, sign, field, raw] = match as unknown as [string, string, string, string];
    const key = CKAN_FIELDS[field];
    if (key === undefined) {
      throw CkanError.searchQuery(`undefined field ${field}`);
    }
    const list = values(raw);
    if (list.length === 0 || list.includes('*')) {
      continue;
    }
    clauses.push({ key, values: list, negate: sign === '-' });
  }
  return { clauses, text: words.join(' ').trim() };
}

const SORT_FIELDS: Record<string, SortKey> = {
  score: 'score',
  rank: 'score',
  metadata_modified: 'modified',
  metadata_created: 'created',
  name: 'name',
  title: 'title',
  title_string: 'title',
  views_recent: 'downloads',
  views_total: 'downloads',
  downloads: 'downloads',
  api_calls: 'api_calls',
  data_updated: 'data_updated',
};

export const DEFAULT_SORT = 'score desc, metadata_modified desc';

/** `score desc, metadata_modified desc` → sort keys; anything else is CKAN's 'Invalid "sort" parameter' (400). */
export function parseSort(sort: string | undefined): { sort: Sort[]; text: string } {
  const value = sort === undefined || sort.trim() === '' || sort.trim() === 'rank' ? DEFAULT_SORT : sort.trim();
  const keys = value.split(',').map((part) => {
    const [field, direction, ...rest] = part.trim().split(/\s+/);
    const key = field === undefined ? undefined : SORT_FIELDS[field];
    if (key === undefined || (direction !== 'asc' && direction !== 'desc') || rest.length > 0) {
      throw new CkanError(400, 'Search Query Error', 'Search Query is invalid: Invalid "sort" parameter');
    }
    return { key, direction } as Sort;
  });
  return { sort: keys, text: value };
}

/** An action result already serialised as JSON: sent as it is under `result`. */
export class RawJson {
  constructor(readonly json: string) {}
}
