import type { Operator, Reading, RuleKind, Severity, Values } from '../iot.tables.js';

/** A rule as the engine and the routes see it. */
export interface Rule {
  id: string;
  name: string;
  kind: RuleKind;
  typeCode: string | null;
  deviceId: number | null;
  field: string | null;
  operator: Operator | null;
  threshold: number | null;
  clearThreshold: number | null;
  ratePerMinute: number | null;
  silenceMinutes: number | null;
  raiseAfter: number;
  clearAfter: number;
  severity: Severity;
  enabled: boolean;
  description: string;
}

/** Where a rule stands on one device: its current streak and its open alarm. */
export interface RuleProgress {
  breachCount: number;
  clearCount: number;
  alarmId: string | null;
  /** The readings of the current streak (breaching before a raise, clearing after), newest last. */
  recent: Reading[];
}

export interface TimedValues {
  ts: Date;
  values: Values;
}

export type Transition = 'raise' | 'clear' | null;

export const NO_PROGRESS: RuleProgress = Object.freeze({ breachCount: 0, clearCount: 0, alarmId: null, recent: [] as Reading[] });

const MAX_RECENT = 10;

function numeric(value: number | boolean | undefined): number | undefined {
  return typeof value === 'boolean' ? Number(value) : value;
}

function compare(value: number, operator: Operator, limit: number): boolean {
  switch (operator) {
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
  }
}

/** The opposite side of the clear threshold: for `>` a reading clears at or below it. */
function clears(value: number, operator: Operator, limit: number): boolean {
  return !compare(value, operator, limit);
}

/** What one reading says about a rule: breaching, clearing, or neither (no value, or the hysteresis band). */
function judge(rule: Rule, reading: TimedValues, previous: TimedValues | null): { breach: boolean; clear: boolean } | null {
  const value = numeric(reading.values[rule.field ?? '']);
  if (value === undefined) {
    return null;
  }
  if (rule.kind === 'threshold' && rule.operator && rule.threshold !== null) {
    const clearAt = rule.clearThreshold ?? rule.threshold;
    return { breach: compare(value, rule.operator, rule.threshold), clear: clears(value, rule.operator, clearAt) };
  }
  if (rule.kind === 'rate' && rule.ratePerMinute !== null) {
    const before = numeric(previous?.values[rule.field ?? '']);
    const minutes = previous ? (reading.ts.getTime() - previous.ts.getTime()) / 60_000 : 0;
    if (before === undefined || minutes <= 0) {
      return null;
    }
    const rate = Math.abs(value - before) / minutes;
    return { breach: rate > rule.ratePerMinute, clear: rate <= (rule.clearThreshold ?? rule.ratePerMinute) };
  }
  return null;
}

const keep = (recent: Reading[], reading: TimedValues): Reading[] =>
  [...recent, { ts: reading.ts.toISOString(), values: reading.values }].slice(-MAX_RECENT);

/**
 * Advances a threshold or rate rule by one reading. An alarm is raised after `raiseAfter`
 * consecutive breaching readings and cleared after `clearAfter` consecutive readings beyond
 * the clear threshold; readings in between (the hysteresis band) break either streak, so a
 * value flapping around the threshold raises one alarm, not one per crossing.
 * `previous` is the device's reading before this one (for rates).
 */
export function stepRule(rule: Rule, progress: RuleProgress, reading: TimedValues, previous: TimedValues | null): { progress: RuleProgress; transition: Transition } {
  const verdict = judge(rule, reading, previous);
  if (!verdict) {
    return { progress, transition: null };
  }
  if (progress.alarmId === null) {
    if (!verdict.breach) {
      return { progress: progress.breachCount === 0 && progress.recent.length === 0 ? progress : { ...NO_PROGRESS }, transition: null };
    }
    const next = { ...progress, breachCount: progress.breachCount + 1, clearCount: 0, recent: keep(progress.recent, reading) };
    return next.breachCount >= rule.raiseAfter ? { progress: next, transition: 'raise' } : { progress: next, transition: null };
  }
  if (!verdict.clear) {
    return { progress: progress.clearCount === 0 && progress.recent.length === 0 ? progress : { ...progress, clearCount: 0, recent: [] }, transition: null };
  }
  const next = { ...progress, breachCount: 0, clearCount: progress.clearCount + 1, recent: keep(progress.recent, reading) };
  return next.clearCount >= rule.clearAfter ? { progress: next, transition: 'clear' } : { progress: next, transition: null };
}

/** Whether the rule looks at readings of this device at all (silence rules do not). */
export function judgesReadings(rule: Rule): boolean {
  return rule.enabled && (rule.kind === 'threshold' || rule.kind === 'rate');
}
