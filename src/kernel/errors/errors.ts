/** A typed, serialisable application error with a stable code and an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** Builds the error; `message` overrides the default text, `details` travels to the client. */
  (details?: unknown, message?: string): AppError;
  is(error: unknown): error is AppError;
}

const registry = new Map<string, ErrorDefinition>();

/**
 * Declares one error code. Codes are unique across the platform; every code is listed in
 * docs/errors.md (a test checks it).
 */
export function defineError(code: string, status: number, message: string): ErrorDefinition {
  if (!/^[A-Z][A-Z0-9_]+$/.test(code)) {
    throw new Error(`error code ${code} must be UPPER_SNAKE_CASE`);
  }
  if (registry.has(code)) {
    throw new Error(`error code ${code} is defined twice`);
  }
  const build = (details?: unknown, override?: string): AppError =>
    new AppError(code, status, override ?? message, details ?? null);
  const definition = Object.assign(build, {
    code,
    status,
    message,
    is: (error: unknown): error is AppError => error instanceof AppError && error.code === code,
  }) as ErrorDefinition;
  registry.set(code, definition);
  return definition;
}

/** Every code defined so far (modules register theirs when imported). */
export function definedErrors(): ErrorDefinition[] {
  return [...registry.values()];
}
