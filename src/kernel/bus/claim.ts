import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/** The few logging calls the bus and jobs make; a pino logger (e.g. `app.log`) fits. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** How long to wait before attempt `attempts + 1`: `baseMs · 2^(attempts−1)`, capped. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

export const defaultRetry: RetryPolicy = { baseMs: 1_000, maxMs: 60 * 60_000 };

export function retryDelayMs(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** Identifies the claimer in `locked_by`; unique per bus or jobs instance. */
export function newWorkerId(kind: string): string {
  return `${kind}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Text kept in `last_error`, bounded so a huge stack cannot bloat the row. */
export function describeError(error: unknown): string {
  let text = String(error);
  if (error instanceof Error) {
    // Error codes (AppError's, Node's, pg's) say more than the name.
    const code = (error as { code?: unknown }).code;
    text = `${typeof code === 'string' ? code : error.name}: ${error.message}`;
  }
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

/** jsonb bound as text, so strings and arrays survive both pg and PGlite unchanged. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}
