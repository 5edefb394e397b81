/**
 * 秒批秒办: an item's instant-approval rules, evaluated over the submitted form, the
 * applicant's registry records and how each material was provided. Every rule is
 * evaluated (no short cut), so the trace shows all that passed and all that failed.
 */
import { RULE_OPS, type MaterialSource, type Rule, type RuleTrace } from './applications.model.js';

/** Registry fields a rule may read; identifiers and phones never enter a rule or its trace. */
export const PERSON_RULE_FIELDS = ['sex', 'birthDate', 'age', 'ethnicity', 'householdDivision', 'status'] as const;
export const ENTITY_RULE_FIELDS = ['type', 'registeredCapital', 'establishedOn', 'divisionCode', 'status'] as const;

export interface RuleContext {
  form: Record<string, unknown>;
  registry: { person?: Record<string, unknown> | undefined; entity?: Record<string, unknown> | undefined };
  /** Material name → how it was provided (`none` when not at all). */
  materials: Record<string, MaterialSource | 'none'>;
}

/** Reads `a.b.c` from nested plain objects; undefined when any part is missing. */
export function readPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, part)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const comparable = (a: unknown, b: unknown): boolean => (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');

/** Compares; `type` when the values cannot be compared with this operator. */
function compare(op: Rule['op'], actual: unknown, expected: unknown): boolean | 'type' {
  switch (op) {
    case 'exists':
      return (actual !== undefined && actual !== null && actual !== '') === (expected ?? true);
    case '=':
    case '!=':
      if (!isScalar(actual) || !isScalar(expected)) {
        return 'type';
      }
      return (actual === expected) === (op === '=');
    case '>':
    case '>=':
    case '<':
    case '<=': {
      if (!comparable(actual, expected)) {
        return 'type';
      }
      const a = actual as number | string;
      const b = expected as number | string;
      return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
    }
    case 'in':
    case 'notIn': {
      if (!Array.isArray(expected)) {
        return 'type';
      }
      const values = Array.isArray(actual) ? actual : [actual];
      if (!values.every(isScalar)) {
        return 'type';
      }
      return op === 'in' ? values.every((v) => expected.includes(v)) : values.every((v) => !expected.includes(v));
    }
    case 'startsWith':
      return typeof actual === 'string' && typeof expected === 'string' ? actual.startsWith(expected) : 'type';
  }
}

function resolve(rule: Rule, context: RuleContext): { source: string; actual: unknown } {
  if (rule.field !== undefined) {
    return { source: rule.field, actual: readPath({ form: context.form }, rule.field) };
  }
  if (rule.registry !== undefined) {
    return { source: `registry.${rule.registry}`, actual: readPath(context.registry, rule.registry) };
  }
  const name = rule.material ?? '';
  return { source: `material:${name}`, actual: context.materials[name] ?? 'none' };
}

/** Evaluates every rule; `passed` only when there is at least one rule and all pass. */
export function evaluateRules(rules: readonly Rule[], context: RuleContext): { passed: boolean; trace: RuleTrace[] } {
  const trace = rules.map((rule, index): RuleTrace => {
    const { source, actual } = resolve(rule, context);
    const base = { rule: index + 1, label: rule.label ?? null, source, op: rule.op, expected: rule.value ?? null, actual: actual ?? null };
    if ((actual === undefined || actual === null) && rule.op !== 'exists') {
      return { ...base, passed: false, reason: 'missing' };
    }
    const outcome = compare(rule.op, actual, rule.value);
    return outcome === 'type' ? { ...base, passed: false, reason: 'type' } : { ...base, passed: outcome };
  });
  return { passed: trace.length > 0 && trace.every((t) => t.passed), trace };
}

/**
 * Checks rules as a writer states them: one source each, known form fields, registry fields
 * and materials, and values that suit the operator. Returns the problems (empty when fine).
 */
export function checkRules(rules: readonly Rule[], known: { formFields: readonly string[]; materials: readonly string[] }): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  rules.forEach((rule, i) => {
    const at = `/instantRules/${i}`;
    const sources = [rule.field, rule.registry, rule.material].filter((s) => s !== undefined);
    if (sources.length !== 1) {
      issues.push({ path: at, message: 'needs exactly one of field, registry, material' });
      return;
    }
    if (!RULE_OPS.includes(rule.op)) {
      issues.push({ path: `${at}/op`, message: `must be one of ${RULE_OPS.join(' ')}` });
      return;
    }
    if (rule.field !== undefined) {
      const [head, name] = rule.field.split('.', 2);
      if (head !== 'form' || !name || !known.formFields.includes(name)) {
        issues.push({ path: `${at}/field`, message: 'must be form.<a field of the item form>' });
      }
    } else if (rule.registry !== undefined) {
      const [record, name = ''] = rule.registry.split('.', 2);
      const fields: readonly string[] = record === 'person' ? PERSON_RULE_FIELDS : record === 'entity' ? ENTITY_RULE_FIELDS : [];
      if (!fields.includes(name) || rule.registry.split('.').length !== 2) {
        issues.push({ path: `${at}/registry`, message: `must be person.(${PERSON_RULE_FIELDS.join('|')}) or entity.(${ENTITY_RULE_FIELDS.join('|')})` });
      }
    } else if (!known.materials.includes(rule.material!)) {
      issues.push({ path: `${at}/material`, message: 'must name a material of the item' });
    }
    const value = rule.value;
    const fits =
      rule.op === 'exists'
        ? value === undefined || typeof value === 'boolean'
        : rule.op === 'in' || rule.op === 'notIn'
          ? Array.isArray(value) && value.length > 0 && value.every(isScalar)
          : rule.op === 'startsWith'
            ? typeof value === 'string'
            : rule.op === '=' || rule.op === '!='
              ? isScalar(value)
              : typeof value === 'number' || typeof value === 'string';
    if (!fits) {
      issues.push({ path: `${at}/value`, message: `does not suit the operator ${rule.op}` });
    }
  });
  return issues;
}
