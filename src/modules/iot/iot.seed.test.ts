import { describe, expect, it } from 'vitest';
import { demoDevices, readDemoIot, simulationProfiles } from './iot.seed.js';
import type { RuleInput } from './rules/rule.repository.js';
import { assertValidRule } from './rules/rules.service.js';
import { createValueWalk } from './simulate/simulator.js';

describe('the demo devices', () => {
  it('have unique codes, lie in Ezhou and belong to its three districts', () => {
    const devices = demoDevices();
    expect(devices.length).toBeGreaterThan(300);
    expect(new Set(devices.map((d) => d.code)).size).toBe(devices.length);
    for (const d of devices) {
      expect(d.lon).toBeGreaterThan(114.4);
      expect(d.lon).toBeLessThan(115.1);
      expect(d.lat).toBeGreaterThan(29.9);
      expect(d.lat).toBeLessThan(30.7);
      expect(['420702', '420703', '420704']).toContain(d.division);
    }
    expect(demoDevices().map((d) => [d.code, d.lon, d.lat])).toEqual(devices.map((d) => [d.code, d.lon, d.lat]));
  });

  it('come with rules that are valid for their types', () => {
    const file = readDemoIot();
    const fields = new Map(file.types.map((t) => [t.code, new Map(t.fields.map((f) => [f.key, f]))]));
    for (const rule of file.rules) {
      const input: RuleInput = {
        name: rule.name, kind: rule.kind, typeCode: rule.type, deviceId: null, field: rule.field ?? null, operator: rule.operator ?? null,
        threshold: rule.threshold ?? null, clearThreshold: rule.clearThreshold ?? null, ratePerMinute: rule.ratePerMinute ?? null,
        silenceMinutes: rule.silenceMinutes ?? null, raiseAfter: rule.raiseAfter ?? 1, clearAfter: rule.clearAfter ?? 1, severity: rule.severity ?? 'major', enabled: true, description: '',
      };
      expect(() => assertValidRule(input, fields.get(rule.type)!), rule.name).not.toThrow();
    }
  });

  it('are simulated with plausible readings however fast the simulation runs', () => {
    const profile = simulationProfiles().get('water-level')!;
    const walk = createValueWalk();
    let previous = walk('EZ-WL-LZH-1', profile, profile.intervalSeconds, 0).level as number;
    let steepest = 0;
    for (let ms = 50; ms <= 60_000; ms += 50) {
      const level = walk('EZ-WL-LZH-1', profile, profile.intervalSeconds, ms).level as number;
      steepest = Math.max(steepest, Math.abs(level - previous) / (50 / 60_000));
      previous = level;
      expect(level).toBeGreaterThan(16);
      expect(level).toBeLessThan(21.5);
    }
    // The demo's rate rule (0.05 m a minute) stays quiet on ordinary readings.
    expect(steepest).toBeLessThan(0.05);
  });
});
