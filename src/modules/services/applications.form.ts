import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { InvalidForm } from './applications.errors.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Enough for every item version in use at once; beyond it the cache starts over. */
const CACHE_LIMIT = 1_000;

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * Validates a submitted form against an item version's JSON Schema, compiled once per
 * `key` (item id and version: a version's schema never changes). Throws
 * SERVICES_INVALID_FORM with `details.issues`.
 */
export function assertValidForm(key: string, schema: Record<string, unknown>, form: Record<string, unknown>): void {
  let validate = validators.get(key);
  if (!validate) {
    // Not strict: the schema was checked strictly when the item was written.
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: false, logger: false }));
    if (validators.size >= CACHE_LIMIT) {
      validators.clear();
      ajv = addFormats(new Ajv({ allErrors: true, strict: false, logger: false }));
    }
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  if (!validate(form)) {
    throw InvalidForm({
      issues: (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'invalid', keyword: e.keyword, params: e.params })),
    });
  }
}

/** The property names of an item's form schema. */
export function formProperties(schema: Record<string, unknown>): string[] {
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

/**
 * Who a form is for, by its identity fields: `enterprise` with a credit code, `person` with
 * an ID number, null when it says neither (then the item's subjects decide).
 */
export function formSubject(schema: Record<string, unknown>): 'person' | 'enterprise' | null {
  const properties = formProperties(schema);
  return properties.includes('creditCode') ? 'enterprise' : properties.includes('idNumber') ? 'person' : null;
}
