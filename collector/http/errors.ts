import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../shared/schema/errors.ts';
import { AppError } from '../services/app-error.ts';

/** Turns an AppError into the JSON error body every 4xx/5xx answer uses. */
export function errorResponse(c: Context, err: AppError): Response {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.field !== undefined) body.error.field = err.field;
  if (err.issues) body.error.issues = err.issues;
  if (err.retryAfter !== undefined) {
    c.header('Retry-After', String(err.retryAfter));
    // A cross-origin page (where the widget runs) may read only the headers named here.
    c.header('Access-Control-Expose-Headers', 'Retry-After');
  }
  return c.json(body, err.status as ContentfulStatusCode);
}

/** app.onError: typed errors keep their code, anything else becomes a 500 with no stack trace. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof AppError) return errorResponse(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    return errorResponse(c, new AppError(err.status === 413 ? 'payload_too_large' : 'not_found', err.message));
  }
  // The client hung up while its body was on the way (a tab closed mid-send): no bug of ours, and
  // logged as one, every closed tab would bury the real ones. Nobody is left to read the answer.
  if ((err as { code?: string }).code === 'ECONNRESET') {
    return errorResponse(c, new AppError('bad_request', 'The connection closed before the whole body arrived.'));
  }
  const storage = storageError(err);
  if (storage) return errorResponse(c, storage);
  console.error('[feedloop] unhandled error', err);
  return errorResponse(c, new AppError('internal', 'Something went wrong on our side; please try again.'));
}

export function handleNotFound(c: Context): Response {
  return errorResponse(c, new AppError('not_found', `Nothing at ${c.req.method} ${c.req.path}.`));
}

/** How long a client is asked to wait before sending again while the disk is full or writes are stopped. */
const STORAGE_RETRY_AFTER = 60;
const DISK_FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
let diskFullLoggedAt = Number.NEGATIVE_INFINITY;

/**
 * A write the disk refused is the operator's to fix, not a bug: it gets its own code and a
 * Retry-After (the widget keeps the data and sends it again), and a full disk is logged once a
 * minute rather than once a request (a flood of them buried everything else).
 */
function storageError(err: Error): AppError | undefined {
  const code = (err as { code?: unknown }).code;
  if (code === 'WRITES_STOPPED') {
    return new AppError('storage_failed', 'The server stopped taking writes after a disk failure; nothing was stored. Send it again later.', {
      retryAfter: STORAGE_RETRY_AFTER,
    });
  }
  if (typeof code !== 'string' || !DISK_FULL.has(code)) return undefined;
  if (Date.now() - diskFullLoggedAt >= 60_000) {
    diskFullLoggedAt = Date.now();
    console.error(`[feedloop] the disk is full (${code}): writes are refused with 503 until there is room again`);
  }
  return new AppError('storage_full', "The server's disk is full; nothing was stored. Send it again later.", { retryAfter: STORAGE_RETRY_AFTER });
}
