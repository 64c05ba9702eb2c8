import { CSRF_HEADER } from '../../shared/schema/admin-api.ts';
import type { ErrorBody, FieldIssue } from '../../shared/schema/errors.ts';

/** A failed admin API call, carrying the server's machine-readable code and human message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For validation_failed: each offending field's dot path (e.g. questions.0.text.en) and why. */
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Calls the admin API on this origin with the session cookie and, for writes, the CSRF header. */
export async function api<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/admin/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the collector. Check that it is running, then retry.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'unknown',
      data?.error?.message ?? `Request failed (${res.status}).`,
      data?.error?.issues ?? [],
    );
  }
  return data as T;
}
