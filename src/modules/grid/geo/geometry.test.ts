import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.js';
import { areaKm2, clipRingToBbox, pointInGeometry, pointInRing, ringArea, simplifyRing, type Ring } from './geometry.js';

// An L shape: concave, so clipping and point tests meet a reflex corner.
const L: Ring = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]];

describe('point in polygon', () => {
  it('tells inside from outside for a concave ring, including the notch', () => {
    expect(pointInRing(0.5, 0.5, L)).toBe(true);
    expect(pointInRing(0.5, 1.5, L)).toBe(true);
    expect(pointInRing(1.5, 1.5, L)).toBe(false);
    expect(pointInRing(3, 0.5, L)).toBe(false);
  });

  it('puts a point on an edge shared by two squares in exactly one of them', () => {
    const left: Ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const right: Ring = [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]];
    for (const y of [0.25, 0.5, 0.75]) {
      expect([pointInRing(1, y, left), pointInRing(1, y, right)].filter(Boolean)).toHaveLength(1);
    }
  });

  it('leaves out holes', () => {
    const square: Ring = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    const hole: Ring = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]];
    expect(pointInGeometry(2, 2, { type: 'Polygon', coordinates: [square, hole] })).toBe(false);
    expect(pointInGeometry(0.5, 2, { type: 'Polygon', coordinates: [square, hole] })).toBe(true);
    expect(pointInGeometry(2, 2, { type: 'MultiPolygon', coordinates: [[hole], [square]] })).toBe(true);
  });
});

describe('clipping a ring to a rectangle', () => {
  it('keeps exactly the part inside the rectangle', () => {
    const clipped = clipRingToBbox(L, { minLon: 0.5, minLat: 0.5, maxLon: 1.5, maxLat: 1.5 });
    // The rectangle (area 1) minus the quarter in the notch.
    expect(Math.abs(ringArea(clipped))).toBeCloseTo(0.75, 10);
    expect(pointInRing(0.75, 0.75, clipped)).toBe(true);
    expect(pointInRing(1.25, 1.25, clipped)).toBe(false);
  });

  it('returns nothing for a rectangle outside the ring and the whole ring for one around it', () => {
    expect(clipRingToBbox(L, { minLon: 5, minLat: 5, maxLon: 6, maxLat: 6 })).toEqual([]);
    expect(Math.abs(ringArea(clipRingToBbox(L, { minLon: -1, minLat: -1, maxLon: 3, maxLat: 3 })))).toBeCloseTo(3, 10);
  });
});

describe('simplification', () => {
  it('drops vertices closer than the tolerance and keeps the corners', () => {
    const wobbly: Ring = [[0, 0], [0.5, 0.001], [1, 0], [1, 0.5], [1.001, 1], [0, 1], [0, 0]];
    const simple = simplifyRing(wobbly, 0.01);
    expect(simple.length).toBeLessThan(wobbly.length);
    expect(Math.abs(ringArea(simple))).toBeCloseTo(1, 2);
  });
});

describe('GCJ-02', () => {
  it('shifts a WGS-84 point in Beijing by the published offset and back', () => {
    const gcj = wgs84ToGcj02([116.391, 39.907]);
    expect(gcj[0] - 116.391).toBeCloseTo(0.00624, 4);
    expect(gcj[1] - 39.907).toBeCloseTo(0.0014, 3);
    const back = gcj02ToWgs84(gcj);
    expect(back[0]).toBeCloseTo(116.391, 8);
    expect(back[1]).toBeCloseTo(39.907, 8);
  });
});

describe('area', () => {
  it('measures a 0.01° square at 30° N as about 1.07 km²', () => {
    const square: Ring = [[114, 30], [114.01, 30], [114.01, 30.01], [114, 30.01], [114, 30]];
    expect(areaKm2({ type: 'Polygon', coordinates: [square] })).toBeCloseTo(1.073, 2);
  });
});
