/*
 * Arithmetic on the SM2 recommended curve (GB/T 32918.5): y² = x³ + ax + b over GF(p),
 * prime order n, cofactor 1.
 *
 * Points are kept in Jacobian coordinates (X, Y, Z) ↔ (X/Z², Y/Z³) so that only one field
 * inversion is needed per scalar multiplication. Because a = p − 3, doubling uses the
 * cheaper a = −3 formula. k·G uses a precomputed table of j·16^i·G (no doublings at all);
 * k·P uses a 4-bit fixed window.
 *
 * JavaScript BigInt is not constant-time: timings leak some information about scalars.
 * Acceptable for a server signing its own records; keys whose exposure would be
 * catastrophic belong in a hardware module (GM/T 0018 HSM) instead.
 */

export const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const SM2_A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
export const SM2_B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
export const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
export const SM2_G: AffinePoint = {
  x: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  y: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};

/** Length in bytes of a field element or scalar. */
export const SM2_FIELD_BYTES = 32;

export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

/** Z = 0 is the point at infinity. */
interface JacobianPoint {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

const WINDOW_BITS = 4;
const WINDOW_SIZE = 1 << WINDOW_BITS;
const WINDOW_COUNT = 256 / WINDOW_BITS;
const INFINITY: JacobianPoint = { X: 1n, Y: 1n, Z: 0n };

/** Inverse modulo `m` (m prime, a ≢ 0) by the extended Euclidean algorithm. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) {
    throw new RangeError('modInverse: value is not invertible');
  }
  return ((oldS % m) + m) % m;
}

export function isOnCurve(point: AffinePoint): boolean {
  const { x, y } = point;
  if (x < 0n || x >= SM2_P || y < 0n || y >= SM2_P) {
    return false;
  }
  return (y * y - (x * x * x + SM2_A * x + SM2_B)) % SM2_P === 0n;
}

/** y for a given x and parity, or undefined if x is not on the curve (p ≡ 3 mod 4). */
export function recoverY(x: bigint, yIsOdd: boolean): bigint | undefined {
  const rhs = (((x * x) % SM2_P) * x + SM2_A * x + SM2_B) % SM2_P;
  const root = modPow(rhs, (SM2_P + 1n) / 4n, SM2_P);
  if ((root * root) % SM2_P !== rhs) {
    return undefined;
  }
  return (root & 1n) === (yIsOdd ? 1n : 0n) ? root : (SM2_P - root) % SM2_P;
}

/** k·G for 0 < k < n; undefined only if k ≡ 0 mod n. */
export function multiplyG(k: bigint): AffinePoint | undefined {
  return toAffine(addMultipleOfG(INFINITY, k));
}

/** s·G + t·Q, the verification equation, with one inversion in total. */
export function multiplyGPlusPoint(s: bigint, t: bigint, q: AffinePoint): AffinePoint | undefined {
  return toAffine(addMultipleOfG(multiplyPointJacobian(t, q), s));
}

/** k·Q for an arbitrary point Q on the curve. */
export function multiplyPoint(k: bigint, q: AffinePoint): AffinePoint | undefined {
  return toAffine(multiplyPointJacobian(k, q));
}

function multiplyPointJacobian(k: bigint, q: AffinePoint): JacobianPoint {
  const table = windowTable(q);
  let acc = INFINITY;
  for (let window = WINDOW_COUNT - 1; window >= 0; window -= 1) {
    for (let i = 0; i < WINDOW_BITS; i += 1) {
      acc = double(acc);
    }
    const digit = nibble(k, window);
    if (digit !== 0) {
      acc = addAffine(acc, table[digit] as AffinePoint);
    }
  }
  return acc;
}

function addMultipleOfG(acc: JacobianPoint, k: bigint): JacobianPoint {
  const table = gTable();
  let sum = acc;
  for (let window = 0; window < WINDOW_COUNT; window += 1) {
    const digit = nibble(k, window);
    if (digit !== 0) {
      sum = addAffine(sum, table[window * WINDOW_SIZE + digit] as AffinePoint);
    }
  }
  return sum;
}

let cachedGTable: AffinePoint[] | undefined;

/** Entry [i·16 + j] = j·16^i·G; entries with j = 0 are unused placeholders. */
function gTable(): AffinePoint[] {
  if (cachedGTable === undefined) {
    const table: AffinePoint[] = [];
    let base = SM2_G;
    for (let window = 0; window < WINDOW_COUNT; window += 1) {
      const row = windowTable(base, WINDOW_SIZE + 1);
      table.push(...row.slice(0, WINDOW_SIZE));
      base = row[WINDOW_SIZE] as AffinePoint;
    }
    cachedGTable = table;
  }
  return cachedGTable;
}

/** [placeholder, 1·Q, 2·Q, …, (size−1)·Q] in affine form. */
function windowTable(q: AffinePoint, size: number = WINDOW_SIZE): AffinePoint[] {
  const multiples: JacobianPoint[] = [{ X: q.x, Y: q.y, Z: 1n }];
  for (let j = 2; j < size; j += 1) {
    multiples.push(addAffine(multiples[multiples.length - 1] as JacobianPoint, q));
  }
  return [q, ...batchToAffine(multiples)];
}

/** Montgomery's trick: one inversion for the whole batch. None may be infinity. */
function batchToAffine(points: JacobianPoint[]): AffinePoint[] {
  const prefix: bigint[] = [];
  let running = 1n;
  for (const point of points) {
    prefix.push(running);
    running = (running * point.Z) % SM2_P;
  }
  let inverse = modInverse(running, SM2_P);
  const result: AffinePoint[] = new Array<AffinePoint>(points.length);
  for (let i = points.length - 1; i >= 0; i -= 1) {
    const point = points[i] as JacobianPoint;
    const zInverse = (inverse * (prefix[i] as bigint)) % SM2_P;
    inverse = (inverse * point.Z) % SM2_P;
    result[i] = affineFromZInverse(point, zInverse);
  }
  return result;
}

function toAffine(point: JacobianPoint): AffinePoint | undefined {
  return point.Z === 0n ? undefined : affineFromZInverse(point, modInverse(point.Z, SM2_P));
}

function affineFromZInverse(point: JacobianPoint, zInverse: bigint): AffinePoint {
  const zInverse2 = (zInverse * zInverse) % SM2_P;
  return {
    x: (point.X * zInverse2) % SM2_P,
    y: (((point.Y * zInverse2) % SM2_P) * zInverse) % SM2_P,
  };
}

// dbl-2001-b (a = −3); the point at infinity (Z = 0) maps to itself.
function double(point: JacobianPoint): JacobianPoint {
  const { X, Y, Z } = point;
  if (Z === 0n) {
    return point;
  }
  const delta = (Z * Z) % SM2_P;
  const gamma = (Y * Y) % SM2_P;
  const beta = (X * gamma) % SM2_P;
  const alpha = (3n * sub(X, delta) * add(X, delta)) % SM2_P;
  const X3 = sub((alpha * alpha) % SM2_P, (8n * beta) % SM2_P);
  const Z3 = sub(sub(((Y + Z) * (Y + Z)) % SM2_P, gamma), delta);
  const Y3 = sub((alpha * sub((4n * beta) % SM2_P, X3)) % SM2_P, (8n * gamma * gamma) % SM2_P);
  return { X: X3, Y: Y3, Z: Z3 };
}

// Mixed addition Jacobian + affine (madd-2004-hmv), with the equal/opposite cases.
function addAffine(p: JacobianPoint, q: AffinePoint): JacobianPoint {
  if (p.Z === 0n) {
    return { X: q.x, Y: q.y, Z: 1n };
  }
  const z1z1 = (p.Z * p.Z) % SM2_P;
  const u2 = (q.x * z1z1) % SM2_P;
  const s2 = (((q.y * p.Z) % SM2_P) * z1z1) % SM2_P;
  const h = sub(u2, p.X);
  const r = sub(s2, p.Y);
  if (h === 0n) {
    return r === 0n ? double(p) : INFINITY;
  }
  const hh = (h * h) % SM2_P;
  const hhh = (h * hh) % SM2_P;
  const v = (p.X * hh) % SM2_P;
  const X3 = sub(sub((r * r) % SM2_P, hhh), (2n * v) % SM2_P);
  const Y3 = sub((r * sub(v, X3)) % SM2_P, (p.Y * hhh) % SM2_P);
  return { X: X3, Y: Y3, Z: (p.Z * h) % SM2_P };
}

function add(a: bigint, b: bigint): bigint {
  const sum = a + b;
  return sum >= SM2_P ? sum - SM2_P : sum;
}

function sub(a: bigint, b: bigint): bigint {
  return a >= b ? a - b : a - b + SM2_P;
}

function nibble(k: bigint, window: number): number {
  return Number((k >> BigInt(window * WINDOW_BITS)) & 0xfn);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if ((e & 1n) === 1n) {
      result = (result * b) % modulus;
    }
    b = (b * b) % modulus;
  }
  return result;
}
