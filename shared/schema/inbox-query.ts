import * as v from 'valibot';

/**
 * The filters of an inbox view. The same names are the admin view's URL query (#/inbox?…), the
 * inbox API's query string and the export's, and dashboards drill down by linking to them, so a
 * chart's bar and the responses behind it are one filter.
 */
export const RESPONSE_STATUSES = ['new', 'triaged', 'in_progress', 'resolved', 'closed'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

const text = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));
/** A day as YYYY-MM-DD (UTC) or milliseconds since the epoch; `dayEnd` reads a day as its end. */
const time = (dayEnd = false) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(\d{4}-\d{2}-\d{2}|\d{1,15})$/, 'use YYYY-MM-DD or milliseconds'),
      v.transform((s) => (s.includes('-') ? Date.parse(`${s}T00:00:00Z`) + (dayEnd ? 86_400_000 : 0) : Number(s))),
      v.check((n) => Number.isFinite(n), 'not a real date'),
    ),
  );

export const InboxFilterSchema = v.object({
  survey: text(64),
  channel: text(32),
  /** low / mid / high as defined per scale in shared/scales.ts (NPS: detractor / passive / promoter). */
  band: v.optional(v.picklist(['low', 'mid', 'high'])),
  scale: v.optional(v.picklist(['nps', 'csat', 'ces', 'thumbs', 'stars'])),
  sentiment: v.optional(v.picklist(['pos', 'neu', 'neg'])),
  tag: text(64),
  status: v.optional(v.picklist(RESPONSE_STATUSES)),
  assignee: text(64),
  /** Inclusive start and exclusive end; a day given as `to` means up to the end of that day. */
  from: time(),
  to: time(true),
  /** Matches page URLs containing this text. */
  page: text(500),
  device: v.optional(v.picklist(['mobile', 'tablet', 'desktop', 'bot', 'unknown'])),
  /** One identify() attribute, as "key=value" (e.g. plan=pro). */
  attr: v.optional(v.pipe(v.string(), v.maxLength(200), v.regex(/^[^=]{1,64}=.*$/, 'use key=value'))),
  /** Full-text search; works for Chinese (character bigrams) and English (words). */
  q: text(200),
  /** Also list responses flagged as likely spam (hidden by default). */
  spam: v.optional(v.picklist(['include', 'only'])),
});
export type InboxFilter = v.InferOutput<typeof InboxFilterSchema>;
