import * as v from 'valibot';
import { RATING_SCALES } from '../scales.ts';

export { localize } from '../localize.ts';
export { RATING_SCALES, SCALE_RANGE, type RatingScale, type ScoreBand, scoreBand } from '../scales.ts';

/**
 * Survey definitions: rating prompts (one rating question with a score-dependent follow-up) and
 * micro-surveys (several questions with skip logic), plus who sees them and how often.
 * Stored per site on the collector, versioned (a response points at the exact version it answered),
 * and sent to the widget by GET /v1/config.
 */

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, _ or -'));

/** Text in the site's languages; `en` is the fallback for any locale without its own text. */
export const LocalizedTextSchema = v.strictObject({
  en: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
  'zh-CN': v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500))),
});
export type LocalizedText = v.InferOutput<typeof LocalizedTextSchema>;

export const RatingScaleSchema = v.picklist(RATING_SCALES);

/** Where to go after a question: another question's id, or "end". */
const GotoSchema = v.union([v.literal('end'), Id]);

export const LogicRuleSchema = v.strictObject({
  /** Matches when the answer is (or, for multi choice, includes) this option id. */
  option: v.optional(Id),
  /** Matches when a rating is within [min, max]. */
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  goto: GotoSchema,
});
export type LogicRule = v.InferOutput<typeof LogicRuleSchema>;

const base = {
  id: Id,
  text: LocalizedTextSchema,
  required: v.optional(v.boolean(), false),
  logic: v.optional(v.pipe(v.array(LogicRuleSchema), v.maxLength(20)), []),
};

export const OptionSchema = v.strictObject({ id: Id, label: LocalizedTextSchema });

export const RatingQuestionSchema = v.strictObject({
  ...base,
  type: v.literal('rating'),
  scale: RatingScaleSchema,
  lowLabel: v.optional(LocalizedTextSchema),
  highLabel: v.optional(LocalizedTextSchema),
  /** The "why?" asked after the score, worded by score band; absent = no follow-up. */
  followUp: v.optional(
    v.strictObject({ low: LocalizedTextSchema, mid: v.optional(LocalizedTextSchema), high: LocalizedTextSchema }),
  ),
});

export const ChoiceQuestionSchema = v.strictObject({
  ...base,
  type: v.picklist(['single', 'multi']),
  options: v.pipe(v.array(OptionSchema), v.minLength(2), v.maxLength(20)),
});

export const TextQuestionSchema = v.strictObject({
  ...base,
  type: v.literal('text'),
  placeholder: v.optional(LocalizedTextSchema),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000)), 2000),
});

export const QuestionSchema = v.variant('type', [RatingQuestionSchema, ChoiceQuestionSchema, TextQuestionSchema]);
export type Question = v.InferOutput<typeof QuestionSchema>;
export type RatingQuestion = v.InferOutput<typeof RatingQuestionSchema>;
export type ChoiceQuestion = v.InferOutput<typeof ChoiceQuestionSchema>;
export type TextQuestion = v.InferOutput<typeof TextQuestionSchema>;

export const AttributeRuleSchema = v.strictObject({
  key: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  op: v.picklist(['eq', 'neq', 'in', 'exists', 'gte', 'lte']),
  value: v.optional(v.union([v.string(), v.number(), v.boolean(), v.array(v.union([v.string(), v.number()]))])),
});
export type AttributeRule = v.InferOutput<typeof AttributeRuleSchema>;

/** A URL pattern: `*` matches any run of characters; matched against the full page URL. */
const UrlPattern = v.pipe(v.string(), v.minLength(1), v.maxLength(500));

export const TriggerSchema = v.strictObject({
  /** Show only on URLs matching one of these (empty = every page). */
  urlInclude: v.optional(v.array(UrlPattern), []),
  urlExclude: v.optional(v.array(UrlPattern), []),
  /** Milliseconds on the page before showing. */
  delayMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3_600_000)), 0),
  /** Percentage of the page scrolled before showing (0 = no condition). */
  scrollPercent: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100)), 0),
  /** Show when the pointer leaves the window towards the top (desktop only). */
  exitIntent: v.optional(v.boolean(), false),
  /** Show after one of these custom events: feedloop('track', name). Empty = no event needed. */
  events: v.optional(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(100))), []),
  /** Show only from this visit (page view) count on. */
  minVisits: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** All must hold for the identified user's attributes. */
  attributes: v.optional(v.array(AttributeRuleSchema), []),
});
export type Trigger = v.InferOutput<typeof TriggerSchema>;

export const CapsSchema = v.strictObject({
  /** Percentage of eligible visitors who are asked at all. */
  samplePercent: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100)), 100),
  /** Days before the same person is shown this survey again (and the window in which a second answer updates the first). */
  recontactDays: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(3650)), 30),
  /** Days this survey stays hidden after the person dismissed it. */
  dismissDays: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(3650)), 14),
  /** Stop collecting after this many responses. */
  maxResponses: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Schedule, in ms since the epoch. */
  startsAt: v.optional(v.number()),
  endsAt: v.optional(v.number()),
});
export type Caps = v.InferOutput<typeof CapsSchema>;

export const SURVEY_STATUSES = ['active', 'paused', 'archived'] as const;

/** What an admin writes. */
export const SurveyInputSchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  status: v.optional(v.picklist(SURVEY_STATUSES), 'active'),
  questions: v.pipe(v.array(QuestionSchema), v.minLength(1), v.maxLength(30)),
  trigger: v.optional(TriggerSchema, {}),
  caps: v.optional(CapsSchema, {}),
  /** The closing message; a default is used when absent. */
  thankYou: v.optional(LocalizedTextSchema),
});
export type SurveyInput = v.InferInput<typeof SurveyInputSchema>;
export type SurveyDefinition = v.InferOutput<typeof SurveyInputSchema>;

/** What the widget and the admin view receive: the definition plus its identity. */
export type PublishedSurvey = SurveyDefinition & { id: string; version: number };

/** One entry of GET /admin/api/sites/:siteId/surveys/:surveyId/versions (newest first). */
export interface SurveyVersionItem {
  version: number;
  createdAt: number;
  /** Responses that answered exactly this version; they keep its wording. */
  responses: number;
  definition: SurveyDefinition;
}

/** Checks that go beyond shape: unique ids, logic targets that exist and point forward. */
export function surveyProblems(def: SurveyDefinition): string[] {
  const problems: string[] = [];
  const ids = def.questions.map((q) => q.id);
  if (new Set(ids).size !== ids.length) problems.push('questions: ids must be unique');
  def.questions.forEach((q, index) => {
    if (q.type === 'single' || q.type === 'multi') {
      const optionIds = q.options.map((o) => o.id);
      if (new Set(optionIds).size !== optionIds.length) problems.push(`questions.${index}.options: ids must be unique`);
    }
    for (const rule of q.logic) {
      if (rule.goto !== 'end' && ids.indexOf(rule.goto) <= index) {
        problems.push(`questions.${index}.logic: "${rule.goto}" must be a later question or "end"`);
      }
      if (rule.option !== undefined && !(q.type === 'single' || q.type === 'multi')) {
        problems.push(`questions.${index}.logic: option rules need a choice question`);
      }
      if (rule.option !== undefined && (q.type === 'single' || q.type === 'multi') && !q.options.some((o) => o.id === rule.option)) {
        problems.push(`questions.${index}.logic: unknown option "${rule.option}"`);
      }
    }
  });
  const { startsAt, endsAt } = def.caps;
  if (startsAt !== undefined && endsAt !== undefined && endsAt <= startsAt) problems.push('caps.endsAt: must be after startsAt');
  return problems;
}
