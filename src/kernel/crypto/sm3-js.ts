/*
 * SM3 (GB/T 32905) compression in JavaScript, for HMAC-SM3 on precomputed inner and outer
 * states: a short MAC is then two compressions and no allocation, about 0.7 µs, against
 * 3 µs through `createHmac('sm3', …)`, which derives the key pads on every call. The field
 * cipher computes four such MACs per person in a bulk import. Checked against OpenSSL's
 * SM3 in the tests.
 */

/** The SM3 states after absorbing the HMAC key's inner and outer pad blocks. */
export interface HmacStates {
  inner: Int32Array;
  outer: Int32Array;
}

const SM3_IV = Int32Array.of(0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600 | 0, 0xa96f30bc | 0, 0x163138aa, 0xe38dee4d | 0, 0xb0fb0e4e | 0);
const T = new Int32Array(64);
for (let j = 0; j < 64; j++) {
  const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
  const r = j % 32;
  T[j] = r === 0 ? t : (t << r) | (t >>> (32 - r));
}
const W = new Int32Array(68);
const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

function compress(v: Int32Array, b: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const o = at + 4 * i;
    W[i] = ((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number);
  }
  for (let j = 16; j < 68; j++) {
    const x = (W[j - 16] as number) ^ (W[j - 9] as number) ^ rotl(W[j - 3] as number, 15);
    W[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(W[j - 13] as number, 7) ^ (W[j - 6] as number);
  }
  let a = v[0] as number, bb = v[1] as number, c = v[2] as number, d = v[3] as number;
  let e = v[4] as number, f = v[5] as number, g = v[6] as number, h = v[7] as number;
  // Rounds 0-15 and 16-63 differ only in their boolean functions: two loops, no branch per round.
  for (let j = 0; j < 16; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + (T[j] as number)) | 0, 7);
    const tt1 = ((a ^ bb ^ c) + d + (ss1 ^ a12) + ((W[j] as number) ^ (W[j + 4] as number))) | 0;
    const tt2 = ((e ^ f ^ g) + h + ss1 + (W[j] as number)) | 0;
    d = c;
    c = rotl(bb, 9);
    bb = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  for (let j = 16; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + (T[j] as number)) | 0, 7);
    const tt1 = (((a & bb) | (a & c) | (bb & c)) + d + (ss1 ^ a12) + ((W[j] as number) ^ (W[j + 4] as number))) | 0;
    const tt2 = (((e & f) | (~e & g)) + h + ss1 + (W[j] as number)) | 0;
    d = c;
    c = rotl(bb, 9);
    bb = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  v[0] = (v[0] as number) ^ a;
  v[1] = (v[1] as number) ^ bb;
  v[2] = (v[2] as number) ^ c;
  v[3] = (v[3] as number) ^ d;
  v[4] = (v[4] as number) ^ e;
  v[5] = (v[5] as number) ^ f;
  v[6] = (v[6] as number) ^ g;
  v[7] = (v[7] as number) ^ h;
}

/** The states of HMAC-SM3 under `key`, which must be at most one block (derived keys are 32 bytes). */
export function hmacStates(key: Uint8Array): HmacStates {
  const pad = new Uint8Array(64);
  pad.set(key);
  const inner = Int32Array.from(SM3_IV);
  const outer = Int32Array.from(SM3_IV);
  compress(inner, pad.map((x) => x ^ 0x36), 0);
  compress(outer, pad.map((x) => x ^ 0x5c), 0);
  return { inner, outer };
}

let scratch = new Uint8Array(128);
const state = new Int32Array(8);

/** Absorbs `length` bytes of `source` from `from`, and the padding, into `state`, which starts as `start` after `prefixBytes` already hashed. */
function absorb(start: Int32Array, prefixBytes: number, source: Uint8Array, from: number, length: number): void {
  state.set(start);
  const padded = Math.ceil((length + 9) / 64) * 64;
  if (padded > scratch.length) {
    scratch = new Uint8Array(padded);
  }
  const buf = scratch;
  for (let i = 0; i < length; i++) {
    buf[i] = source[from + i] as number;
  }
  buf.fill(0, length, padded);
  buf[length] = 0x80;
  const bits = (prefixBytes + length) * 8;
  // Message lengths here stay far below 2^32 bits: the upper length word is zero.
  buf[padded - 4] = bits >>> 24;
  buf[padded - 3] = (bits >>> 16) & 0xff;
  buf[padded - 2] = (bits >>> 8) & 0xff;
  buf[padded - 1] = bits & 0xff;
  for (let at = 0; at < padded; at += 64) {
    compress(state, buf, at);
  }
}

/** Writes the first `bytes` bytes of `state` (big-endian words) to `target` at `at`. */
function emit(target: Uint8Array, at: number, bytes: number): void {
  for (let i = 0; i < bytes; i++) {
    target[at + i] = ((state[i >> 2] as number) >>> (24 - 8 * (i & 3))) & 0xff;
  }
}

// The outer hash of HMAC always reads one block: the inner digest, padding, and the
// length of ipad block + digest (96 bytes = 768 bits).
const outerBlock = new Uint8Array(64);
outerBlock[32] = 0x80;
outerBlock[62] = 0x03;

/**
 * HMAC-SM3 of `length` bytes of `source` from `from`; its first `tagBytes` bytes go to
 * `target` at `at` (which may lie in `source`, after the message).
 */
export function hmacInto(states: HmacStates, source: Uint8Array, from: number, length: number, target: Uint8Array, at: number, tagBytes: number): void {
  absorb(states.inner, 64, source, from, length);
  emit(outerBlock, 0, 32);
  state.set(states.outer);
  compress(state, outerBlock, 0);
  emit(target, at, tagBytes);
}

/** HMAC-SM3 of `message`, truncated to `length` bytes, in a new Buffer. */
export function hmacWithStates(states: HmacStates, message: Uint8Array, length = 32): Buffer {
  const out = Buffer.allocUnsafe(length);
  hmacInto(states, message, 0, message.length, out, 0, length);
  return out;
}

function sm3Js(message: Uint8Array): Buffer {
  absorb(SM3_IV, 0, message, 0, message.length);
  const out = Buffer.allocUnsafe(32);
  emit(out, 0, 32);
  return out;
}

/** SM3 and HMAC-SM3 through the JavaScript compression function, for tests against OpenSSL. */
export const sm3JsForTests = {
  sm3: (message: Uint8Array) => sm3Js(message),
  hmac: (key: Buffer, message: Uint8Array) => hmacWithStates(hmacStates(key.length > 64 ? sm3Js(key) : key), message),
};
