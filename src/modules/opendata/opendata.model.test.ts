import { describe, expect, it } from 'vitest';
import { dueAt, freshness, frequencyFromCycle } from './opendata.model.js';

describe('dueAt', () => {
  const from = new Date('2026-01-31T02:00:00Z');

  it('allows each promise its period and a grace', () => {
    expect(dueAt('realtime', from).toISOString()).toBe('2026-02-01T02:00:00.000Z');
    expect(dueAt('daily', from).toISOString()).toBe('2026-02-02T02:00:00.000Z');
    // 31 January + one month is the end of February, then seven days.
    expect(dueAt('monthly', from).toISOString()).toBe('2026-03-07T02:00:00.000Z');
    expect(dueAt('quarterly', from).toISOString()).toBe('2026-05-15T02:00:00.000Z');
    expect(dueAt('yearly', new Date('2024-02-29T00:00:00Z')).toISOString()).toBe('2025-03-30T00:00:00.000Z');
  });
});

describe('freshness', () => {
  it('is overdue only after the due time, counting whole days late', () => {
    const due = new Date('2026-03-07T02:00:00Z');
    expect(freshness(due, new Date('2026-03-07T02:00:00Z'))).toMatchObject({ overdue: false, overdueDays: 0 });
    expect(freshness(due, new Date('2026-03-07T02:00:01Z'))).toMatchObject({ overdue: true, overdueDays: 0 });
    expect(freshness(due, new Date('2026-03-10T03:00:00Z'))).toMatchObject({ overdue: true, overdueDays: 3 });
  });
});

describe('frequencyFromCycle', () => {
  it('keeps the five promises and maps the catalog’s other cycles to a promise they keep', () => {
    expect(frequencyFromCycle('daily')).toBe('daily');
    expect(frequencyFromCycle('weekly')).toBe('monthly');
    expect(frequencyFromCycle('irregular')).toBe('yearly');
  });
});
