import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives laptop defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.demo).toBe(true);
    expect(config.dataDir.endsWith('.yiwang')).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('converts strings from the environment', () => {
    const config = loadConfig({ PORT: '9000', YIWANG_WORKERS: 'false', DATABASE_URL: 'postgres://u@h/db' });
    expect(config.PORT).toBe(9000);
    expect(config.YIWANG_WORKERS).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://u@h/db');
  });

  it('names every bad key at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', YIWANG_TYPO: '1' });
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const keys = (error as ConfigError).problems.map((p) => p.key).sort();
      expect(keys).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'YIWANG_TYPO']);
    }
  });

  it('refuses the demo in production and turns it off by default there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', YIWANG_DEMO: 'true' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).secureCookies).toBe(true);
  });
});
