import { describe, expect, it } from 'vitest';
import { topicMatches } from './shared-subscriptions.js';

describe('topicMatches', () => {
  it('follows MQTT filter rules for + and #, and keeps $ topics apart', () => {
    expect(topicMatches('yiwang/v1/+/+/telemetry', 'yiwang/v1/water-level/EZ-WL-1/telemetry')).toBe(true);
    expect(topicMatches('yiwang/v1/+/+/telemetry', 'yiwang/v1/water-level/telemetry')).toBe(false);
    expect(topicMatches('yiwang/v1/+/+/telemetry', 'yiwang/v1/a/b/telemetry/x')).toBe(false);
    expect(topicMatches('yiwang/#', 'yiwang/v1/a')).toBe(true);
    expect(topicMatches('#', '$SYS/broker')).toBe(false);
    expect(topicMatches('+/v1', '$x/v1')).toBe(false);
  });
});
