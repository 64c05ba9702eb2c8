import * as v from 'valibot';
import { FEEDBACK_CATEGORIES, LIMITS } from '../limits.ts';

export { FEEDBACK_CATEGORIES, LIMITS } from '../limits.ts';

/**
 * What the widget sends to `POST /v1/responses?site=<public key>` and what it gets back.
 * The collector validates with these very schemas, so both sides agree by construction.
 */

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

/** Who answered: the anonymous client id always; the site's own user id once `identify` ran. */
export const UserIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(128));

/** Attributes from `feedloop('identify', id, { plan: 'pro' })`, used by targeting and segments. */
export const AttributesSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'attribute names are 1–64 characters of A–Z, a–z, 0–9, _ . -')),
    v.union([v.pipe(v.string(), v.maxLength(500)), v.number(), v.boolean()]),
  ),
  v.check((record) => Object.keys(record).length <= 50, 'at most 50 attributes'),
);

/** Fields every widget submission carries besides its own content. */
const SubmissionBase = {
  idempotencyKey: IdempotencyKeySchema,
  clientId: ClientIdSchema,
  userId: v.optional(UserIdSchema),
  attributes: v.optional(AttributesSchema),
  page: PageSchema,
  locale: LocaleSchema,
  /** When the form or prompt was shown (ms since epoch, client clock): answers faster than a human can type are suspicious. */
  shownAt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Honeypot: a field people never see. Anything in it marks the submission as spam (kept, flagged). */
  hp: v.optional(v.pipe(v.string(), v.maxLength(500))),
};

/** Open feedback from the floating button's form. */
export const FeedbackSubmissionSchema = v.strictObject({
  ...SubmissionBase,
  kind: v.literal('feedback'),
  category: FeedbackCategorySchema,
  text: FreeTextSchema,
  email: v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.email), v.email('must be an email address')),
  ),
});

/** A survey question's id, as in shared/schema/survey.ts. */
export const QuestionIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a question id'));

/** A rating (number), a single choice or text (string), or multiple choices (string[]). */
export const AnswerValueSchema = v.union([
  v.pipe(v.number(), v.finite()),
  v.pipe(v.string(), v.maxLength(LIMITS.text)),
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(20)),
]);
export type AnswerValue = v.InferOutput<typeof AnswerValueSchema>;

export const AnswersSchema = v.pipe(
  v.record(QuestionIdSchema, AnswerValueSchema),
  v.check((record) => Object.keys(record).length <= 30, 'at most 30 answers'),
);
export type Answers = v.InferOutput<typeof AnswersSchema>;

/**
 * Answers to a prompt or micro-survey. A prompt sends its score at once with finished=false,
 * then its follow-up text through PATCH /v1/responses/<idempotencyKey>: one response, never two.
 */
export const SurveySubmissionSchema = v.strictObject({
  ...SubmissionBase,
  kind: v.literal('survey'),
  surveyId: QuestionIdSchema,
  surveyVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  answers: AnswersSchema,
  finished: v.boolean(),
});

export const SubmissionSchema = v.variant('kind', [FeedbackSubmissionSchema, SurveySubmissionSchema]);

export type Submission = v.InferOutput<typeof SubmissionSchema>;
export type SubmissionInput = v.InferInput<typeof SubmissionSchema>;
export type SurveySubmission = v.InferOutput<typeof SurveySubmissionSchema>;

/** Up to 50 submissions in one request; each is validated and answered on its own. */
export const MAX_BATCH = 50;
export const BatchSchema = v.strictObject({
  batch: v.pipe(v.array(v.unknown()), v.minLength(1), v.maxLength(MAX_BATCH, `at most ${MAX_BATCH} items`)),
});

/**
 * PATCH /v1/responses/<original idempotency key>?site=: adds answers (e.g. the follow-up "why?")
 * to a stored response. Only the client that created the response may add to it. Merging the
 * same answers twice gives the same result, so retries are safe.
 */
export const ResponsePatchSchema = v.strictObject({
  clientId: ClientIdSchema,
  answers: AnswersSchema,
  finished: v.boolean(),
});
export type ResponsePatch = v.InferOutput<typeof ResponsePatchSchema>;

export const EVENT_TYPES = ['impression', 'dismissal', 'completion'] as const;

/** What the widget records so response rates are real: shown, dismissed, completed. */
export const EventSchema = v.strictObject({
  type: v.picklist(EVENT_TYPES),
  idempotencyKey: IdempotencyKeySchema,
  clientId: ClientIdSchema,
  userId: v.optional(UserIdSchema),
  surveyId: QuestionIdSchema,
  page: v.optional(PageSchema),
  /** Client clock, ms since epoch; the server stores its own receiving time beside it. */
  at: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
export type WidgetEvent = v.InferOutput<typeof EventSchema>;

export const EventBatchSchema = v.strictObject({
  events: v.pipe(v.array(v.unknown()), v.minLength(1), v.maxLength(MAX_BATCH, `at most ${MAX_BATCH} events`)),
});

/** The collector's acknowledgement: sent only after the response is committed to disk. */
export const AckSchema = v.object({
  id: v.string(),
  receivedAt: v.number(),
});
export type Ack = v.InferOutput<typeof AckSchema>;

/** One item of a batch answer: its acknowledgement, or why it was refused. */
export type BatchItemResult =
  | { index: number; id: string; receivedAt: number }
  | { index: number; error: { code: string; message: string; field?: string } };
