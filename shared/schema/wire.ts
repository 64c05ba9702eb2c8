import * as v from 'valibot';

/**
 * What the widget sends to `POST /v1/responses?site=<public key>` and what it gets back.
 * The collector validates with these very schemas, so both sides agree by construction.
 */

export const LIMITS = {
  text: 5000,
  email: 254,
  url: 2048,
  title: 300,
  locale: 35,
} as const;

export const FEEDBACK_CATEGORIES = ['bug', 'idea', 'praise', 'other'] as const;
export const FeedbackCategorySchema = v.picklist(FEEDBACK_CATEGORIES);
export type FeedbackCategory = v.InferOutput<typeof FeedbackCategorySchema>;

/** Random, URL-safe, made by the client once per submission and reused on every retry. */
export const IdempotencyKeySchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 characters of A–Z, a–z, 0–9, _ or -'),
);

export const ClientIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 characters of A–Z, a–z, 0–9, _ or -'),
);

export const LocaleSchema = v.pipe(
  v.string(),
  v.maxLength(LIMITS.locale),
  v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or zh-CN'),
);

export const PageSchema = v.strictObject({
  // Only web pages: a javascript: or data: "page" would be a trap in any view that links to it.
  url: v.pipe(
    v.string(),
    v.maxLength(LIMITS.url),
    v.url('must be an absolute URL'),
    v.regex(/^https?:\/\//i, 'must be an http or https URL'),
  ),
  title: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.title))),
});

const FreeTextSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(LIMITS.text, `must be at most ${LIMITS.text} characters`),
);

/** Open feedback from the floating button's form. */
export const FeedbackSubmissionSchema = v.strictObject({
  kind: v.literal('feedback'),
  idempotencyKey: IdempotencyKeySchema,
  clientId: ClientIdSchema,
  category: FeedbackCategorySchema,
  text: FreeTextSchema,
  email: v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.email), v.email('must be an email address')),
  ),
  page: PageSchema,
  locale: LocaleSchema,
});

export const SubmissionSchema = v.variant('kind', [FeedbackSubmissionSchema]);

export type Submission = v.InferOutput<typeof SubmissionSchema>;
export type SubmissionInput = v.InferInput<typeof SubmissionSchema>;

/** The collector's acknowledgement: sent only after the response is committed to disk. */
export const AckSchema = v.object({
  id: v.string(),
  receivedAt: v.number(),
});
export type Ack = v.InferOutput<typeof AckSchema>;
