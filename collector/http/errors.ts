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
  console.error('[feedloop] unhandled error', err);
  return errorResponse(c, new AppError('internal', 'Something went wrong on our side; please try again.'));
}

export function handleNotFound(c: Context): Response {
  return errorResponse(c, new AppError('not_found', `Nothing at ${c.req.method} ${c.req.path}.`));
}
