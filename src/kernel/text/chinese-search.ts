/**
 * Chinese full-text search without a text-search parser: jieba segments the text in the
 * application (search mode, `cutForSearch`), and the database receives ready lexemes as a
 * `tsvector` / `tsquery` literal. The literal syntax is parsed the same way by every
 * PostgreSQL and by PGlite, whatever their locale, so both rank identically.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/** The segmenter, loaded on first use (about a quarter of a second). */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const MAX_TOKEN_LENGTH = 60;
const MAX_QUERY_TOKENS = 24;
/** PostgreSQL keeps positions up to 16383; later words are indexed at the last one. */
const MAX_POSITION = 16_383;

/** A token worth indexing: not too long, with at least one letter or digit. */
const usable = (token: string) => token.length <= MAX_TOKEN_LENGTH && /[\p{L}\p{N}]/u.test(token);

/** NFKC (full-width letters and digits become ASCII), lower case, `-` and `_` as spaces. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[-_]/g, ' ');
}

/**
 * The words of `text` in jieba's search mode, normalised (codes such as
 * `420700-gaj-000001` and names such as `id_number` fall apart into their parts);
 * punctuation and spaces are dropped.
 */
export function tokenize(text: string): string[] {
  const normalised = normalise(text);
  if (normalised.trim() === '') {
    return [];
  }
  return segmenter()
    .cutForSearch(normalised, true)
    .map((token) => token.trim())
    .filter(usable);
}

/** A lexeme quoted for a tsvector or tsquery literal. */
export function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** tsvector weights, most important first. */
export type Weight = 'A' | 'B' | 'C' | 'D';

/** The texts of a record by weight (e.g. name A, keywords B, descriptions C, codes D). */
export type WeightedTexts = Record<Weight, string[]>;

/**
 * The tsvector literal of weighted texts, e.g. `'人口':1A '基本':2A '信息':3A`. Positions
 * run on across the weights so that each word has its own.
 */
export function searchVectorLiteral(texts: WeightedTexts): string {
  const entries: string[] = [];
  let position = 0;
  for (const weight of ['A', 'B', 'C', 'D'] as const) {
    for (const text of texts[weight]) {
      for (const token of tokenize(text)) {
        position = Math.min(position + 1, MAX_POSITION);
        entries.push(`${quote(token)}:${position}${weight === 'D' ? '' : weight}`);
      }
    }
  }
  return entries.join(' ');
}

/** A search as the database receives it. */
export interface TextQuery {
  /** tsquery literal requiring every word, e.g. `('公交站点' | '公交' & '站点') & '时间'`. */
  all: string;
  /** tsquery literal accepting any token, e.g. `'公交' | '站点' | '公交站点' | '时间'`. */
  any: string;
  /** Every token of the search (search mode), e.g. for highlighting. */
  tokens: string[];
  /** The words run together, e.g. 人口 for `人口 & !`: a name containing it ranks higher. */
  phrase: string;
}

export interface TextQueryOptions {
  /**
   * Words that say nothing about what is sought (怎么, 如何 …): left out of the query, unless
   * the search holds nothing else.
   */
  ignore?: ReadonlySet<string>;
}

/**
 * Splits `word` into dictionary parts that tile it (e.g. 公交站点 → 公交 + 站点), longest
 * parts first; null when the parts from search mode cannot tile it.
 */
function tile(word: string, parts: string[]): string[] | null {
  const candidates = parts.filter((p) => p !== word).sort((a, b) => b.length - a.length);
  const from = (offset: number): string[] | null => {
    if (offset === word.length) {
      return [];
    }
    for (const part of candidates) {
      if (word.startsWith(part, offset)) {
        const rest = from(offset + part.length);
        if (rest) {
          return [part, ...rest];
        }
      }
    }
    return null;
  };
  return candidates.length > 0 ? from(0) : null;
}

/**
 * Segments a search the way records are segmented. Each word of the search (jieba's
 * precise mode) must be found, whole or as all of its parts: a record indexed as
 * 公交/线路/站点 matches 公交站点. Null when the search holds no word (only punctuation or
 * spaces). Every input is safe: tokens are quoted, never read as tsquery operators.
 */
export function textQuery(q: string, options: TextQueryOptions = {}): TextQuery | null {
  const normalised = normalise(q);
  const segmented = [...new Set(segmenter().cut(normalised, true).map((w) => w.trim()).filter(usable))];
  const ignore = options.ignore;
  const meaningful = ignore ? segmented.filter((w) => !ignore.has(w)) : segmented;
  const words = (meaningful.length > 0 ? meaningful : segmented).slice(0, MAX_QUERY_TOKENS);
  if (words.length === 0) {
    return null;
  }
  const groups = words.map((word) => {
    const parts = tile(word, tokenize(word));
    return parts ? `(${quote(word)} | ${parts.map(quote).join(' & ')})` : quote(word);
  });
  const dropped = meaningful.length > 0 && meaningful.length < segmented.length;
  const tokens = [...new Set(dropped ? words.flatMap((word) => tokenize(word)) : tokenize(normalised))].slice(0, MAX_QUERY_TOKENS * 2);
  return { all: groups.join(' & '), any: tokens.map(quote).join(' | '), tokens, phrase: words.join('') };
}
