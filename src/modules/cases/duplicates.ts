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

type Candidate = { id: string; description: string; lon: number; lat: number };

/**
 * Stores, for each case just taken in, the open cases of its category in its division
 * within DUPLICATE_RADIUS_M made in the last DUPLICATE_WINDOW_DAYS whose description is
 * similar; the dispatcher sees them in the detail and may merge. The cases are in intake
 * order: each is also compared with those before it in `taken`. A case without a category or
 * point has none. Runs in the intake's transaction, with one look-up for all the cases.
 * Returns how many were proposed for each case.
 */
export async function proposeDuplicates(trx: Executor, taken: readonly CaseRecord[], now: Date): Promise<number[]> {
  const comparable = taken.filter((c): c is CaseRecord & { categoryCode: string; point: { lon: number; lat: number } } => c.categoryCode !== null && c.point !== null);
  const areas = comparable.map((c) => {
    const dLat = DUPLICATE_RADIUS_M / 111_320;
    const dLon = DUPLICATE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos(rad(c.point.lat))));
    return { categoryCode: c.categoryCode, divisionCode: c.divisionCode, lon: [c.point.lon - dLon, c.point.lon + dLon] as [number, number], lat: [c.point.lat - dLat, c.point.lat + dLat] as [number, number] };
  });
  const repo = createCoordinationRepository(trx);
  const stored = await repo.nearbyOpenMany(areas, { since: new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000), excludeIds: taken.map((c) => c.id) });
  const candidatesOf = comparable.map((): Candidate[] => []);
  for (const row of stored) {
    candidatesOf[row.area]!.push(row);
  }
  // Earlier cases of the same batch: open, just made, of the same category and division.
  comparable.forEach((c, i) => {
    const box = areas[i]!;
    for (const earlier of comparable.slice(0, i)) {
      const inBox = earlier.point.lon >= box.lon[0] && earlier.point.lon <= box.lon[1] && earlier.point.lat >= box.lat[0] && earlier.point.lat <= box.lat[1];
      if (inBox && earlier.categoryCode === c.categoryCode && earlier.divisionCode === c.divisionCode) {
        candidatesOf[i]!.push({ id: earlier.id, description: earlier.description, ...earlier.point });
      }
    }
  });
  const words = new Map<string, Set<string>>();
  const wordsCached = (text: string) => words.get(text) ?? words.set(text, wordsOf(text)).get(text)!;
  const proposals = comparable.map((c, i) => {
    const own = wordsCached(c.description);
    return candidatesOf[i]!
      .map((other) => ({ caseId: c.id, candidateId: other.id, distanceM: Math.round(haversineMetres(c.point, other) * 10) / 10, similarity: Math.round(similarity(own, wordsCached(other.description)) * 1000) / 1000 }))
      .filter((d) => d.distanceM <= DUPLICATE_RADIUS_M && d.similarity >= DUPLICATE_SIMILARITY)
      .sort((x, y) => y.similarity - x.similarity || x.distanceM - y.distanceM)
      .slice(0, MAX_PROPOSALS);
  });
  await repo.insertDuplicates(proposals.flat());
  const proposed = new Map(comparable.map((c, i) => [c.id, proposals[i]!.length]));
  return taken.map((c) => proposed.get(c.id) ?? 0);
}
