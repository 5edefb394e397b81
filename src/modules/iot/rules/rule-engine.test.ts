import { describe, expect, it } from 'vitest';
import { NO_PROGRESS, stepRule, type Rule, type RuleProgress, type TimedValues } from './rule-engine.js';

const base: Rule = {
  id: 'r',
  name: '湖泊高水位',
  kind: 'threshold',
  typeCode: 'water-level',
  deviceId: null,
  field: 'level',
  operator: '>',
  threshold: 21.5,
  clearThreshold: 21.2,
  ratePerMinute: null,
  silenceMinutes: null,
  raiseAfter: 3,
  clearAfter: 3,
  severity: 'critical',
  enabled: true,
  description: '',
};

/** Runs readings through a rule, one a minute; returns the transitions, with an alarm id set on raise. */
function run(rule: Rule, levels: Array<number | undefined>, start: RuleProgress = NO_PROGRESS) {
  let progress = start;
  let previous: TimedValues | null = null;
  const transitions: string[] = [];
  levels.forEach((level, i) => {
    const reading: TimedValues = { ts: new Date(Date.UTC(2026, 6, 12, 0, i)), values: level === undefined ? { battery: 80 } : { level } };
    const step = stepRule(rule, progress, reading, previous);
    progress = step.progress;
    if (step.transition === 'raise') {
      progress = { ...NO_PROGRESS, alarmId: `alarm-${i}` };
    } else if (step.transition === 'clear') {
      progress = { ...NO_PROGRESS };
    }
    transitions.push(step.transition ?? '-');
    previous = reading;
  });
  return { transitions, progress };
}

describe('threshold rules', () => {
  it('raise after the set number of consecutive breaching readings, and once', () => {
    expect(run(base, [21.6, 21.7, 21.4, 21.6, 21.7, 21.8, 21.9, 22.0]).transitions).toEqual(['-', '-', '-', '-', '-', 'raise', '-', '-']);
  });

  it('clear only after consecutive readings beyond the clear threshold; the band between breaks the streak', () => {
    const { transitions, progress } = run(base, [21.6, 21.6, 21.6, 21.1, 21.0, 21.3, 21.1, 21.0, 20.9]);
    expect(transitions).toEqual(['-', '-', 'raise', '-', '-', '-', '-', '-', 'clear']);
    expect(progress).toEqual(NO_PROGRESS);
  });

  it('raise one alarm for a value flapping around the threshold', () => {
    const flapping = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 21.6 : 21.4));
    const once = run({ ...base, raiseAfter: 1, clearAfter: 1 }, flapping);
    expect(once.transitions.filter((t) => t !== '-')).toEqual(['raise']);
  });

  it('keep the breaching readings for the alarm record and ignore messages without the field', () => {
    const { progress } = run(base, [21.6, undefined, 21.7]);
    expect(progress.breachCount).toBe(2);
    expect(progress.recent.map((r) => r.values.level)).toEqual([21.6, 21.7]);
  });

  it('judge booleans as 0 and 1', () => {
    const rule: Rule = { ...base, field: 'open', operator: '>=', threshold: 1, clearThreshold: null, raiseAfter: 1, clearAfter: 1 };
    const step = stepRule(rule, NO_PROGRESS, { ts: new Date(), values: { open: true } }, null);
    expect(step.transition).toBe('raise');
  });
});

describe('rate rules', () => {
  it('raise when the change per minute exceeds the limit', () => {
    const rule: Rule = { ...base, kind: 'rate', operator: null, threshold: null, clearThreshold: null, ratePerMinute: 0.05, raiseAfter: 2, clearAfter: 2 };
    expect(run(rule, [18.0, 18.02, 18.1, 18.2, 18.21, 18.22]).transitions).toEqual(['-', '-', '-', 'raise', '-', 'clear']);
  });
});
