import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SM2_G,
  SM2_N,
  SM2_P,
  isOnCurve,
  modInverse,
  multiplyG,
  multiplyGPlusPoint,
  multiplyPoint,
  recoverY,
} from './sm2-curve.js';

function randomScalar(): bigint {
  return (BigInt(`0x${randomBytes(32).toString('hex')}`) % (SM2_N - 1n)) + 1n;
}

describe('SM2 curve arithmetic', () => {
  it('has its generator on the curve, of order n', () => {
    expect(isOnCurve(SM2_G)).toBe(true);
    expect(multiplyPoint(SM2_N, SM2_G)).toBeUndefined();
    expect(multiplyG(SM2_N)).toBeUndefined();
    expect(multiplyG(SM2_N - 1n)).toEqual({ x: SM2_G.x, y: SM2_P - SM2_G.y });
  });

  it('rejects points off the curve or outside the field', () => {
    expect(isOnCurve({ x: SM2_G.x, y: SM2_G.y + 1n })).toBe(false);
    expect(isOnCurve({ x: SM2_G.x + SM2_P, y: SM2_G.y })).toBe(false);
  });

  it('agrees between the fixed-base table and the windowed variable-base method', () => {
    for (const k of [1n, 2n, 15n, 16n, 17n, SM2_N - 2n, randomScalar(), randomScalar()]) {
      expect(multiplyG(k)).toEqual(multiplyPoint(k, SM2_G));
    }
  });

  it('computes s·G + t·Q as (s + t·u)·G when Q = u·G, including when the terms cancel', () => {
    const u = randomScalar();
    const q = multiplyG(u);
    if (q === undefined) {
      throw new Error('u·G is infinity');
    }
    const s = randomScalar();
    const t = randomScalar();
    expect(multiplyGPlusPoint(s, t, q)).toEqual(multiplyG((s + t * u) % SM2_N));
    expect(multiplyGPlusPoint(s, 1n, multiplyG(SM2_N - s) as NonNullable<typeof q>)).toBeUndefined();
    expect(multiplyGPlusPoint(1n, 1n, SM2_G)).toEqual(multiplyG(2n));
  });

  it('recovers y from x and its parity', () => {
    expect(recoverY(SM2_G.x, (SM2_G.y & 1n) === 1n)).toBe(SM2_G.y);
    expect(recoverY(SM2_G.x, (SM2_G.y & 1n) === 0n)).toBe(SM2_P - SM2_G.y);
  });

  it('inverts modulo n and p', () => {
    const a = randomScalar();
    expect((a * modInverse(a, SM2_N)) % SM2_N).toBe(1n);
    expect((a * modInverse(a, SM2_P)) % SM2_P).toBe(1n);
    expect(() => modInverse(0n, SM2_N)).toThrow(RangeError);
  });
});
