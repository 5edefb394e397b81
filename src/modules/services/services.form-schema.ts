import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { InvalidFormSchema } from './services.errors.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Larger than any real application form; keeps one item from bloating every guide. */
const MAX_SCHEMA_CHARS = 32_768;

let ajv: Ajv | undefined;

/** Strict: unknown keywords and formats, and references that do not resolve, are errors. */
function compiler(): Ajv {
  ajv ??= addFormats(new Ajv({ strict: true, allErrors: true, logger: false }));
  return ajv;
}

/**
 * Throws SERVICES_INVALID_FORM_SCHEMA unless `schema` is a JSON Schema (draft-07) of an
 * object form with at least one field, which Ajv compiles in strict mode; `details.issues`
 * says what is wrong.
 */
export function assertValidFormSchema(schema: unknown): void {
  const invalid = (issues: Array<{ path: string; message: string }>) => InvalidFormSchema({ issues });
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw invalid([{ path: '', message: 'must be an object' }]);
  }
  if (JSON.stringify(schema).length > MAX_SCHEMA_CHARS) {
    throw invalid([{ path: '', message: `must not exceed ${MAX_SCHEMA_CHARS} characters` }]);
  }
  const form = schema as { type?: unknown; properties?: unknown };
  if (form.type !== 'object' || form.properties === null || typeof form.properties !== 'object' || Object.keys(form.properties).length === 0) {
    throw invalid([{ path: '', message: 'must be an object schema (type "object") with at least one property' }]);
  }
  const ajv = compiler();
  if (!ajv.validateSchema(schema)) {
    throw invalid((ajv.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'invalid' })));
  }
  try {
    ajv.compile(schema);
  } catch (error) {
    throw invalid([{ path: '', message: error instanceof Error ? error.message : String(error) }]);
  } finally {
    // Compiled schemas are cached by the instance; a form is compiled once per write.
    ajv.removeSchema(schema);
  }
}
