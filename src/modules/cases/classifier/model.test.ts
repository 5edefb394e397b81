import { describe, expect, it } from 'vitest';
import { topIndices } from './model.js';

/** The reference: every index sorted by value, largest first, ties by index. */
const sorted = (values: number[], k: number) =>
  [...values.keys()].sort((a, b) => values[b]! - values[a]! || a - b).slice(0, Math.max(0, k));

describe('topIndices', () => {
  it('picks the k largest, largest first, ties in index order, as a full sort would', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round += 1) {
      // Few distinct values, so that ties are common.
      const values = Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.floor(next() * 8) / 8);
      for (const k of [0, 1, 3, 5, values.length, values.length + 2]) {
        expect(topIndices(values, k)).toEqual(sorted(values, k));
      }
    }
  });

  it('reads typed arrays (the model\'s probabilities)', () => {
    expect(topIndices(Float64Array.from([0.1, 0.5, 0.2, 0.2]), 3)).toEqual([1, 2, 3]);
  });
});
