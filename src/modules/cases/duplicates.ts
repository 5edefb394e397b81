import { createTtlCache } from '../../kernel/cache/index.js';
import { tokenize } from '../../kernel/text/index.js';
import type { NearbyArea, NearbyCase } from './case.repository.js';

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

/**
 * The open cases near a new one are compared again with every call that comes in near
 * them: their words are kept rather than segmented anew each time (a text's words never
 * change; the bound only caps the memory).
 */
const recentWords = createTtlCache<string, Set<string>>({ ttlMs: 3_600_000, maxEntries: 20_000 });

function cachedWordsOf(text: string): Set<string> {
  let words = recentWords.get(text);
  if (!words) {
    words = wordsOf(text);
    recentWords.set(text, words);
  }
  return words;
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

/** A case about to be taken in, as far as duplicates go. */
export interface DuplicateProbe {
  categoryCode: string | null;
  divisionCode: string;
  point: { lon: number; lat: number } | null;
  description: string;
}

/** Where to look for a probe's duplicates (null without category or point): its category and division, and the box around its point. */
export function nearbyArea(p: DuplicateProbe): NearbyArea | null {
  if (p.categoryCode === null || p.point === null) {
    return null;
  }
  return { categoryCode: p.categoryCode, divisionCode: p.divisionCode, ...boxAround(p.point) };
}

function boxAround(point: { lon: number; lat: number }) {
  const dLat = DUPLICATE_RADIUS_M / 111_320;
  const dLon = DUPLICATE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos(rad(point.lat))));
  return { lon: [point.lon - dLon, point.lon + dLon] as [number, number], lat: [point.lat - dLat, point.lat + dLat] as [number, number] };
}

/** Stored open cases are looked for among those made in the last DUPLICATE_WINDOW_DAYS. */
export const duplicateWindowStart = (now: Date) => new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000);

/** A case taken in with the stored candidates found for it. */
export interface TakenCase {
  id: string;
  probe: DuplicateProbe;
  candidates: readonly NearbyCase[];
}

/**
 * The duplicates to propose for cases taken in together, in intake order: each case's
 * stored candidates and the cases before it in `taken` that are in its box, of its category
 * and division, whose words are similar enough — at most MAX_PROPOSALS each, most similar first.
 */
export function duplicateProposals(taken: readonly TakenCase[]): Array<{ caseId: string; candidateId: string; distanceM: number; similarity: number }> {
  return taken.flatMap((c, i) => {
    const { categoryCode, divisionCode, point, description } = c.probe;
    if (categoryCode === null || point === null) {
      return [];
    }
    const box = boxAround(point);
    const earlier = taken.slice(0, i).flatMap((e): NearbyCase[] => {
      const p = e.probe.point;
      const inBox = p !== null && p.lon >= box.lon[0] && p.lon <= box.lon[1] && p.lat >= box.lat[0] && p.lat <= box.lat[1];
      return inBox && e.probe.categoryCode === categoryCode && e.probe.divisionCode === divisionCode ? [{ id: e.id, description: e.probe.description, ...p }] : [];
    });
    const own = cachedWordsOf(description);
    return [...c.candidates, ...earlier]
      .map((other) => ({ caseId: c.id, candidateId: other.id, distanceM: Math.round(haversineMetres(point, other) * 10) / 10, similarity: Math.round(similarity(own, cachedWordsOf(other.description)) * 1000) / 1000 }))
      .filter((d) => d.distanceM <= DUPLICATE_RADIUS_M && d.similarity >= DUPLICATE_SIMILARITY)
      .sort((x, y) => y.similarity - x.similarity || x.distanceM - y.distanceM)
      .slice(0, MAX_PROPOSALS);
  });
}
