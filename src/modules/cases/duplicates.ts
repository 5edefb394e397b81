import { tokenize } from '../../kernel/text/index.js';
import type { Executor } from '../../kernel/db/index.js';
import type { CaseRecord } from './case.repository.js';
import { createCoordinationRepository } from './coordination.repository.js';

/** Reports of the same category within this distance… */
export const DUPLICATE_RADIUS_M = 300;
/** …made in this many days before… */
export const DUPLICATE_WINDOW_DAYS = 7;
/** …whose words are at least this similar (cosine of the word sets) are proposed as duplicates. */
export const DUPLICATE_SIMILARITY = 0.35;
const MAX_PROPOSALS = 5;
const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine, mean earth radius). */
export function haversineMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The words of a description for comparison: jieba's search-mode tokens of two characters or more. */
export function wordsOf(text: string): Set<string> {
  return new Set(tokenize(text).filter((t) => t.length > 1));
}

/** Cosine similarity of two word sets (|A∩B| / √(|A|·|B|)), 0 when either is empty. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) {
    return 0;
  }
  let shared = 0;
  for (const word of a) {
    if (b.has(word)) {
      shared += 1;
    }
  }
  return shared / Math.sqrt(a.size * b.size);
}

/**
 * Stores, for a case just taken in, the open cases of its category in its division within
 * DUPLICATE_RADIUS_M made in the last DUPLICATE_WINDOW_DAYS whose description is similar;
 * the dispatcher sees them in the detail and may merge. A case without a category or point
 * has none. Runs in the intake's transaction.
 */
export async function proposeDuplicates(trx: Executor, c: CaseRecord, now: Date): Promise<number> {
  if (!c.categoryCode || !c.point) {
    return 0;
  }
  const dLat = DUPLICATE_RADIUS_M / 111_320;
  const dLon = DUPLICATE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos(rad(c.point.lat))));
  const repo = createCoordinationRepository(trx);
  const candidates = await repo.nearbyOpen({
    excludeId: c.id,
    categoryCode: c.categoryCode,
    divisionCode: c.divisionCode,
    since: new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000),
    lon: [c.point.lon - dLon, c.point.lon + dLon],
    lat: [c.point.lat - dLat, c.point.lat + dLat],
  });
  if (candidates.length === 0) {
    return 0;
  }
  const words = wordsOf(c.description);
  const found = candidates
    .map((other) => ({ candidateId: other.id, distanceM: Math.round(haversineMetres(c.point!, other) * 10) / 10, similarity: Math.round(similarity(words, wordsOf(other.description)) * 1000) / 1000 }))
    .filter((d) => d.distanceM <= DUPLICATE_RADIUS_M && d.similarity >= DUPLICATE_SIMILARITY)
    .sort((x, y) => y.similarity - x.similarity || x.distanceM - y.distanceM)
    .slice(0, MAX_PROPOSALS);
  await repo.insertDuplicates(c.id, found);
  return found.length;
}
