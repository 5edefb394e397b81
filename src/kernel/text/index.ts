/**
 * Chinese full-text search shared by the modules: jieba segmentation into tsvector and
 * tsquery literals, so that PostgreSQL and PGlite index and rank alike without a
 * text-search parser. Each module decides what it indexes under which weight.
 */
export {
  quote,
  searchVectorLiteral,
  textQuery,
  tokenize,
  type TextQuery,
  type TextQueryOptions,
  type Weight,
  type WeightedTexts,
} from './chinese-search.js';

/** SQL pieces of a text search with facets (Kysely), and the all-words-then-any-word rule. */
export {
  arrayHolds,
  countFacet,
  countFacets,
  matchesText,
  phraseInNameBonus,
  searchAllThenAny,
  textRank,
  type FacetCount,
  type TextSearchPage,
} from './search-sql.js';
