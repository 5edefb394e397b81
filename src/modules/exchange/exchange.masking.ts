import { maskCitizenId } from '../../kernel/identifiers/index.js';

/** What the gateway needs to know of a resource field. */
export interface FieldSpec {
  name: string;
  type: string;
  sensitivity: 'general' | 'important' | 'core';
}

/** `张三丰` → `张**`; a one-character name → `*`. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*'.repeat(chars.length) : chars[0] + '*'.repeat(chars.length - 1);
}

/** `13812345678` → `138****5678`; 7 characters or fewer are masked entirely. */
export function maskPhone(phone: string): string {
  const chars = [...phone.trim()];
  return chars.length <= 7 ? '*'.repeat(chars.length) : chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}

/**
 * Keeps an address down to its township or street (the text up to the first 镇, 乡, 街道
 * or 办事处 after the district), then `****`; without such a marker, the first 6 characters.
 */
export function maskAddress(address: string): string {
  const text = address.trim();
  const township = /^.*?(?:街道|办事处|镇|乡)/u.exec(text);
  const kept = township && township[0].length < text.length ? township[0] : [...text].slice(0, 6).join('');
  return [...text].length <= [...kept].length ? '*'.repeat([...text].length) : `${kept}****`;
}

/** `1985-07-12` → `1985-**-**`: the year stays, for age checks. */
export function maskDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? `${value.slice(0, 4)}-**-**` : '****';
}

function maskOne(field: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  const name = field.name.toLowerCase();
  const text = value instanceof Date ? value.toISOString() : String(value);
  if (name.endsWith('id_number') || name.endsWith('id_no')) {
    return /^\d{17}[\dX]$/.test(text) ? maskCitizenId(text) : '*'.repeat(text.length);
  }
  if (name.endsWith('phone') || name.endsWith('mobile')) {
    return maskPhone(text);
  }
  if (name.endsWith('address')) {
    return maskAddress(text);
  }
  if (name === 'name' || name.endsWith('_name')) {
    return maskName(text);
  }
  if (field.type === 'date' || field.type === 'datetime') {
    return maskDate(text);
  }
  if (field.type === 'string') {
    return maskName(text);
  }
  // A masked number or flag would still disclose it: withhold it.
  return null;
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export interface Projection {
  /** Granted fields by their catalog names, masked as the rule below says. */
  data: Record<string, unknown>;
  /** Fields withheld by the rule (core data without clear text). */
  withheld: string[];
}

/**
 * The exchange's masking rule, applied to each granted field by its catalog sensitivity:
 * - 一般 (general): returned in clear;
 * - 重要 (important): returned masked (ID `4207**********123X`, name `张**`, phone
 *   `138****5678`, address down to the township, dates to the year, other text to its
 *   first character; numbers and flags withheld as null);
 * - 核心 (core): withheld (null, and named in `withheld`);
 * unless the grant allows clear text, when every granted field is returned in clear.
 * Values are read from the record by the field's name or its camelCase form.
 */
export function project(record: Record<string, unknown>, fields: readonly FieldSpec[], clearText: boolean): Projection {
  const data: Record<string, unknown> = {};
  const withheld: string[] = [];
  for (const field of fields) {
    const raw = field.name in record ? record[field.name] : record[camel(field.name)];
    const value = raw instanceof Date ? raw.toISOString() : (raw ?? null);
    if (clearText || field.sensitivity === 'general') {
      data[field.name] = value;
    } else if (field.sensitivity === 'important') {
      data[field.name] = maskOne(field, value);
    } else {
      data[field.name] = null;
      withheld.push(field.name);
    }
  }
  return { data, withheld };
}
