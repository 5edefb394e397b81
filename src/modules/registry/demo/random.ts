import { createHash } from 'node:crypto';

/** A seeded pseudo-random generator (sfc32): the same seed gives the same demo city everywhere. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks from `[item, weight]` pairs prepared by {@link weighted}. */
  weighted<T>(table: WeightedTable<T>): T;
  chance(p: number): boolean;
}

export interface WeightedTable<T> {
  items: readonly T[];
  /** Cumulative weights, ending at 1. */
  cumulative: Float64Array;
}

export function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  const cumulative = new Float64Array(pairs.length);
  let running = 0;
  pairs.forEach(([, w], i) => {
    running += w / total;
    cumulative[i] = running;
  });
  cumulative[pairs.length - 1] = 1;
  return { items: pairs.map(([item]) => item), cumulative };
}

export function createRandom(seed: string): Random {
  const h = createHash('sha256').update(seed).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) {
    next();
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    weighted(table) {
      const x = next();
      let lo = 0;
      let hi = table.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((table.cumulative[mid] as number) > x) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return table.items[lo] as (typeof table.items)[number];
    },
    chance: (p) => next() < p,
  };
}
