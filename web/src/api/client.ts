/**
 * The console's one way to talk to the yiwang API (`/api/v1`, same origin, cookie session).
 *
 * Every failure is turned into an {@link ApiError} carrying the server's error code, so the
 * pages decide what to show by code, never by message text.
 */

export const API_BASE = '/api/v1';

/** Error codes the console reacts to specifically; any other code is still kept as a string. */
export type KnownErrorCode =
  | 'AUTH_REQUIRED'
  | 'AUTH_FORBIDDEN'
  | 'AUTH_INVALID_CREDENTIALS'
  | 'AUTH_RATE_LIMITED'
  | 'VALIDATION_FAILED'
  /** Produced by the client itself: the request never got an answer. */
  | 'NETWORK_ERROR'
  /** Produced by the client itself: the answer was not in the documented error shape. */
  | 'UNEXPECTED_RESPONSE';

export type ErrorCode = KnownErrorCode | (string & {});

/** The one error shape of the server: `{ "error": { "code", "message", "details" } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the request did not reach the server. */
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }

  /** A numeric field of `details`, e.g. `retryAfterSeconds` of `AUTH_RATE_LIMITED`. */
  detailNumber(key: string): number | undefined {
    const details = this.details;
    if (details !== null && typeof details === 'object' && key in details) {
      const value = (details as Record<string, unknown>)[key];
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    }
    return undefined;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (body === null || typeof body !== 'object' || !('error' in body)) {
    return false;
  }
  const error = (body as { error: unknown }).error;
  return (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

type Listener = (error: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();

/**
 * Called whenever the server answers 401 to anything but the login request itself, i.e.
 * the session is missing or has expired. Returns the unsubscribe function.
 */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Appended to the URL; empty strings, null and undefined are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return `${API_BASE}${path}${search === '' ? '' : `?${search}`}`;
}

/**
 * Calls `API_BASE + path` and returns the parsed JSON body (undefined for 204).
 * Throws {@link ApiError} for every non-2xx answer and for network failures; an abort
 * through `signal` is rethrown unchanged as the browser's `AbortError`.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') {
      throw cause;
    }
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
  }

  if (response.status === 204) {
    return undefined as T;
  }

  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (response.ok) {
    if (parsed === undefined) {
      throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', 'The server answered without a JSON body');
    }
    return parsed as T;
  }

  const error = isErrorBody(parsed)
    ? new ApiError(response.status, parsed.error.code, parsed.error.message, parsed.error.details ?? null)
    : new ApiError(response.status, 'UNEXPECTED_RESPONSE', `HTTP ${response.status} ${response.statusText}`);

  if (response.status === 401 && path !== '/auth/login') {
    for (const listener of unauthorizedListeners) {
      listener(error);
    }
  }
  throw error;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
};

/** The list envelope of every paginated endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Paging parameters shared by every list endpoint (page is 1-based). */
export interface PageQuery {
  page: number;
  pageSize: number;
}
