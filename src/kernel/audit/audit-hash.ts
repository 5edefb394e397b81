import { sm3Hex } from '../crypto/index.js';

/** prev_hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Tag that opens every hashed record; a new serialisation would get a new tag. */
const RECORD_TAG = 'yiwang-audit-v1';

/** The fields of a record that its hash covers. */
export interface HashedRecord {
  seq: number;
  /** ISO 8601 in UTC with milliseconds, e.g. `2026-11-23T10:10:00.000Z`. */
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: unknown;
  ip: string | null;
  prevHash: string;
}

/**
 * The bytes a record's hash covers: the UTF-8 of the canonical JSON (RFC 8785 style: no
 * whitespace, object keys sorted by UTF-16 code units, numbers as ECMAScript prints them)
 * of the array
 * `["yiwang-audit-v1", seq, at, actor, action, target, details, ip, prev_hash]`.
 * JSON quoting gives every field an explicit boundary, and null stays distinct from "".
 */
export function serialiseRecord(record: HashedRecord): string {
  return chainedText(record.seq, record.at, recordBody(record), record.prevHash);
}

/**
 * The middle of {@link serialiseRecord}: the canonical JSON of actor, action, target,
 * details and ip, without brackets. It does not depend on the chain, so a busy appender
 * works it out before it takes the chain's lock.
 */
export function recordBody(fields: Pick<HashedRecord, 'actor' | 'action' | 'target' | 'details' | 'ip'>, detailsJson = canonicalJson(fields.details)): string {
  return `${canonicalJson(fields.actor)},${canonicalJson(fields.action)},${canonicalJson(fields.target)},${detailsJson},${canonicalJson(fields.ip)}`;
}

/** {@link serialiseRecord} from a {@link recordBody}: the canonical JSON of the whole array. */
export function chainedText(seq: number, at: string, body: string, prevHash: string): string {
  return `[${canonicalJson(RECORD_TAG)},${canonicalJson(seq)},${canonicalJson(at)},${body},${canonicalJson(prevHash)}]`;
}

/** hash = hex SM3 of {@link serialiseRecord}. */
export function hashRecord(record: HashedRecord): string {
  return sm3Hex(serialiseRecord(record));
}

/**
 * The exact UTF-8 message a checkpoint signs (standard SM2, default user ID):
 * `yiwang-audit-checkpoint|<seq in decimal>|<hash of that record, lower-case hex>`.
 */
export function checkpointMessage(seq: number, hash: string): string {
  return `yiwang-audit-checkpoint|${seq}|${hash}`;
}

/** Canonical JSON of a value that is already plain JSON data (see {@link normaliseJson}). */
export function canonicalJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // JSON has no NaN or Infinity; normaliseJson has already turned them into null.
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
      }
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object)
        .filter((key) => object[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`audit values must be JSON data, not ${typeof value}`);
  }
}

// A lone surrogate cannot be stored as UTF-8, and PostgreSQL refuses U+0000 in text and
// jsonb; both become U+FFFD so that what is hashed is exactly what is stored.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Any surrogate: with a NUL, the only case where storableText has something to replace. */
const SURROGATE = /[\ud800-\udfff]/;

/** A string as PostgreSQL will store and return it. */
export function storableText(text: string): string {
  if (!text.includes('\u0000') && !SURROGATE.test(text)) {
    return text;
  }
  return text.replaceAll('\u0000', '\ufffd').replace(LONE_SURROGATE, '\ufffd');
}

/** A NUL or lone surrogate as JSON.stringify escapes it (a false alarm only costs a clean). */
const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/i;

/**
 * Plain JSON data as it will come back from a jsonb column: `toJSON` applied (Dates become
 * ISO strings), undefined members dropped, NaN and Infinity turned into null, unstorable
 * characters replaced.
 * @throws TypeError for values JSON cannot hold (bigint, cycles).
 */
export function normaliseJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) {
    return null;
  }
  // JSON.stringify writes NUL and lone surrogates as \u escapes; without any, nothing
  // needs replacing (JSON.parse already keeps a "__proto__" key as an ordinary member).
  return UNSTORABLE_ESCAPE.test(text) ? clean(JSON.parse(text)) : JSON.parse(text);
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') {
    return storableText(value);
  }
  if (Array.isArray(value)) {
    return value.map(clean);
  }
  if (value !== null && typeof value === 'object') {
    // No prototype, so that a "__proto__" key stays an ordinary member.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) {
      out[storableText(key)] = clean(item);
    }
    return out;
  }
  return value;
}
