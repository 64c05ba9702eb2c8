import { ERROR_STATUS, type ErrorCode, type FieldIssue } from '../../shared/schema/errors.ts';

/**
 * The one error type services throw. It carries a code from the shared table; the HTTP edge
 * turns it into `{ error: { code, message } }` with the status that code maps to.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: (typeof ERROR_STATUS)[ErrorCode];
  readonly field?: string;
  readonly issues?: FieldIssue[];
  /** Seconds a client should wait, for 429 answers. */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { field?: string; issues?: FieldIssue[]; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = extra.field;
    this.issues = extra.issues;
    this.retryAfter = extra.retryAfter;
  }
}
