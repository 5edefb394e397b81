import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
);

/**
 * Every setting yiwang reads, with a default that works on a laptop.
 * Names are the environment variables a deployer sets.
 */
export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATA_DIR: Type.String({ minLength: 1, default: './.yiwang' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  MQTT_URL: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?|tcp)://' })),
  LOG_LEVEL: { ...LogLevel, default: 'info' },
  /** Load the demo city (Ezhou) and its well-known demo users. Never in production. */
  YIWANG_DEMO: Type.Optional(Type.Boolean()),
  /** Run the outbox and job workers in this process. */
  YIWANG_WORKERS: Type.Boolean({ default: true }),
  YIWANG_SESSION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 12 }),
  YIWANG_LOGIN_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  YIWANG_LOGIN_WINDOW_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 15 }),
  /** Calls one department system's API key may make per minute on each node. */
  YIWANG_API_KEY_CALLS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
  YIWANG_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 512 * 1024 * 1024, default: 1024 * 1024 }),
  YIWANG_AUDIT_CHECKPOINT_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 60 }),
  /** Working days a department has to answer a 差评 with its rectification (好差评整改). */
  YIWANG_RECTIFY_DAYS: Type.Integer({ minimum: 1, maximum: 60, default: 5 }),
  YIWANG_SECURE_COOKIES: Type.Optional(Type.Boolean()),
  /** Trust X-Forwarded-For from a reverse proxy (only behind one: it sets the client address). */
  YIWANG_TRUST_PROXY: Type.Boolean({ default: false }),
  /**
   * Master key of field encryption (ID numbers, phones), 64 hex characters. Unset: the key
   * in DATA_DIR/keys/field-master.key, created on first start. Every node needs the same key.
   */
  YIWANG_FIELD_KEY: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  /** Names this node in MQTT client ids (stable across restarts); default: the host name. */
  YIWANG_NODE_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })),
  /** Port of the embedded MQTT broker (used when MQTT_URL is unset); 0 picks a free port. Default 1883, in tests 0. */
  YIWANG_MQTT_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  /** Shared-subscription group of the yiwang nodes: the broker hands each message to one of them. */
  YIWANG_MQTT_SHARE_GROUP: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'yiwang' }),
  /** First topic level(s) of device telemetry: `<prefix>/v1/<type>/<device>/telemetry`. */
  YIWANG_MQTT_TOPIC_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,3}$', default: 'yiwang' }),
  /** MQTT connections each node consumes telemetry on (each holds a broker's in-flight window). */
  YIWANG_MQTT_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
  /** Run the telemetry consumer (and the embedded broker when MQTT_URL is unset) in `yiwang start`. */
  YIWANG_IOT_INGEST: Type.Boolean({ default: true }),
  /** Most telemetry messages written in one transaction. */
  YIWANG_IOT_BATCH_MAX: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
  /** Readings older than this are rejected (their day's partition may be gone). */
  YIWANG_IOT_MAX_AGE_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 7 }),
  /** How often silent devices are looked for. */
  YIWANG_IOT_SILENCE_CHECK_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  /** Classifier confidence (0…1) from which a case recorded without a category is dispatched automatically; 1 turns it off. */
  YIWANG_CASES_AUTO_DISPATCH_THRESHOLD: Type.Number({ minimum: 0, maximum: 1, default: 0.6 }),
});

type RawConfig = Static<typeof ConfigSchema>;

export interface Config extends Omit<RawConfig, 'YIWANG_DEMO' | 'YIWANG_SECURE_COOKIES'> {
  readonly demo: boolean;
  readonly secureCookies: boolean;
  /** DATA_DIR resolved against the working directory. */
  readonly dataDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ReadonlyArray<{ key: string; message: string }>) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.key}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const known = new Set(Object.keys(ConfigSchema.properties));

/**
 * Parses the environment once into a frozen Config. A bad value throws a ConfigError that
 * names every offending key, so an operator fixes them all in one go.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, unknown> = {};
  const problems: Array<{ key: string; message: string }> = [];
  for (const [key, value] of Object.entries(env)) {
    if (known.has(key) && value !== undefined && value !== '') {
      input[key] = value;
    } else if (key.startsWith('YIWANG_') && !known.has(key)) {
      problems.push({ key, message: 'unknown setting' });
    }
  }
  const converted = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, input));
  for (const error of Value.Errors(ConfigSchema, converted)) {
    const key = error.path.replace(/^\//, '') || '(root)';
    if (!problems.some((p) => p.key === key)) {
      // Never echo secrets (keys, or a DATABASE_URL with its password) into logs.
      const shown = /KEY|SECRET|PASSWORD|_URL$/.test(key) ? '' : ` (got ${JSON.stringify(input[key])})`;
      problems.push({ key, message: `${error.message}${shown}` });
    }
  }
  const raw = converted as RawConfig;
  if (problems.length === 0 && raw.NODE_ENV === 'production' && raw.YIWANG_DEMO === true) {
    problems.push({ key: 'YIWANG_DEMO', message: 'the demo city and its well-known passwords are refused in production' });
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const { YIWANG_DEMO, YIWANG_SECURE_COOKIES, ...rest } = raw;
  return Object.freeze({
    ...rest,
    demo: YIWANG_DEMO ?? rest.NODE_ENV !== 'production',
    secureCookies: YIWANG_SECURE_COOKIES ?? rest.NODE_ENV === 'production',
    dataDir: path.resolve(rest.DATA_DIR),
  });
}
