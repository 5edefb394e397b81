import { describe, expect, it } from 'vitest';
import { haversineMetres, similarity, wordsOf } from './duplicates.js';

describe('haversineMetres', () => {
  it('measures about 111 km for one degree of latitude and about 96 m across a street in Ezhou', () => {
    expect(haversineMetres({ lon: 114.89, lat: 30 }, { lon: 114.89, lat: 31 })).toBeCloseTo(111_195, -2);
    expect(haversineMetres({ lon: 114.89, lat: 30.39 }, { lon: 114.891, lat: 30.39 })).toBeCloseTo(96, 0);
    expect(haversineMetres({ lon: 114.89, lat: 30.39 }, { lon: 114.89, lat: 30.39 })).toBe(0);
  });
});

describe('similarity', () => {
  it('rates two wordings of one problem above the threshold and different problems below it', () => {
    const a = wordsOf('文化路口井盖破损下陷，行人容易踩空');
    expect(similarity(a, wordsOf('文化路口的井盖坏了，下陷很危险'))).toBeGreaterThan(0.35);
    expect(similarity(a, wordsOf('小区门口井盖丢失，晚上很危险'))).toBeLessThan(0.35);
    expect(similarity(a, new Set())).toBe(0);
    expect(similarity(a, a)).toBeCloseTo(1);
  });
});
