import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };

/**
 * Query strings, path parameters and headers arrive as text and are coerced to the schema's
 * types; JSON bodies are not: `"1"` where a number is expected is a client error, not a
 * guess.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const strictBody = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? strictBody : coercing).compile(schema as object);
}
