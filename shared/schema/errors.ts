import * as v from 'valibot';

/**
 * Every machine-readable error the collector can answer with, and the HTTP status it goes with.
 * One table, so the widget, the admin view and the docs agree on what each code means.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  bad_request: 400,
  missing_site_key: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  origin_not_allowed: 403,
  csrf_failed: 403,
  forbidden: 403,
  site_not_found: 404,
  survey_not_found: 404,
  response_not_found: 404,
  not_found: 404,
  user_not_found: 404,
  invite_not_found: 404,
  session_not_found: 404,
  method_not_allowed: 405,
  survey_closed: 409,
  survey_changed: 409,
  recontact_too_soon: 409,
  email_taken: 409,
  last_admin: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  validation_failed: 422,
  wrong_password: 422,
  account_locked: 429,
  rate_limited: 429,
  internal: 500,
  storage_full: 503,
  storage_failed: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ErrorCodeSchema = v.picklist(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const FieldIssueSchema = v.object({ path: v.string(), message: v.string() });

export const ErrorBodySchema = v.object({
  error: v.object({
    code: ErrorCodeSchema,
    message: v.string(),
    /** Dot path of the first offending field, for validation errors. */
    field: v.optional(v.string()),
    issues: v.optional(v.array(FieldIssueSchema)),
  }),
});

export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;
export type FieldIssue = v.InferOutput<typeof FieldIssueSchema>;
