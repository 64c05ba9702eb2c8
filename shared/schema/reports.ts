import * as v from 'valibot';
import { InboxFilterSchema } from './inbox-query.ts';

/**
 * Queries and answers of the report API under /admin/api/sites/:siteId/reports/…
 * Every report takes the inbox filters that describe *which responses* (survey, channel, scale,
 * band, sentiment, date range, device, attribute), so a chart and the inbox behind it are one
 * filter. Times are UTC; a day given as `to` means up to the end of that day.
 */
export const ReportFilterSchema = v.strictObject({
  ...v.pick(InboxFilterSchema, ['survey', 'channel', 'scale', 'band', 'sentiment', 'from', 'to', 'device', 'attr']).entries,
});
export type ReportFilter = v.InferOutput<typeof ReportFilterSchema>;

export const METRICS = ['nps', 'csat', 'ces'] as const;
export type Metric = (typeof METRICS)[number];
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const TrendQuerySchema = v.strictObject({
  ...ReportFilterSchema.entries,
  metric: v.optional(v.picklist(METRICS), 'nps'),
  granularity: v.optional(v.picklist(GRANULARITIES), 'day'),
});
export type TrendQuery = v.InferOutput<typeof TrendQuerySchema>;

export const SEGMENT_KINDS = ['device', 'channel', 'survey', 'attr'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

const segmentValue = v.pipe(v.string(), v.trim(), v.minLength(1, 'name the segment'), v.maxLength(200));

/** Two segments side by side: by=device&a=mobile&b=desktop, or by=attr&key=plan&a=pro&b=free. */
export const CompareQuerySchema = v.pipe(
  v.strictObject({
    ...ReportFilterSchema.entries,
    by: v.picklist(SEGMENT_KINDS),
    key: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64), v.regex(/^[^=]+$/, 'a key has no "="'))),
    a: segmentValue,
    b: segmentValue,
  }),
  v.check((q) => q.by !== 'attr' || q.key !== undefined, 'by=attr needs key (e.g. key=plan)'),
  v.check((q) => q.a !== q.b, 'pick two different segments'),
);
export type CompareQuery = v.InferOutput<typeof CompareQuerySchema>;

/** A link target in the inbox: InboxFilterSchema names → values, as strings. */
export type DrillFilter = Record<string, string>;

/** Below this many answers a score is shown with its n and "not enough responses", not as a number. */
export const MIN_RESPONSES = 10;

export interface Estimate {
  n: number;
  /** NPS −100…100, CSAT 0…100 (% satisfied), CES 1…7 (mean, 7 = very easy); null when n = 0. */
  value: number | null;
  /** 95% confidence interval. */
  low: number | null;
  high: number | null;
  /** n ≥ MIN_RESPONSES. */
  enough: boolean;
}

export interface BandCount {
  band: 'low' | 'mid' | 'high';
  n: number;
  drill: DrillFilter;
}

export interface MetricSummary extends Estimate {
  metric: Metric;
  /** NPS: detractors / passives / promoters; CSAT: 1–2 / 3 / 4–5; CES: 1–3 / 4–5 / 6–7. */
  bands: BandCount[];
  drill: DrillFilter;
}

export interface Period {
  from: number;
  to: number;
}

export interface SummaryReport {
  period: Period;
  /** Every response matching the filters (rated or not, likely spam excluded). */
  responses: number;
  metrics: MetricSummary[];
  minResponses: number;
}

export interface TrendBucket extends Estimate {
  /** Inclusive start and exclusive end, ms (UTC day / ISO week from Monday / calendar month). */
  start: number;
  end: number;
  drill: DrillFilter;
}

export interface TrendReport {
  metric: Metric;
  granularity: Granularity;
  period: Period;
  buckets: TrendBucket[];
  minResponses: number;
}

export interface RateRow {
  surveyId: string;
  name: string;
  impressions: number;
  responses: number;
  /** responses / impressions, 0…1; null without impressions. */
  rate: number | null;
  low: number | null;
  high: number | null;
  drill: DrillFilter;
}

export interface ResponseRateReport {
  period: Period;
  impressions: number;
  responses: number;
  rate: number | null;
  low: number | null;
  high: number | null;
  surveys: RateRow[];
}

export interface SentimentReport {
  period: Period;
  /** Responses with text, by the text's sentiment label. */
  segments: Array<{ label: 'pos' | 'neu' | 'neg'; n: number; drill: DrillFilter }>;
  total: number;
  /** Matching responses without any text to judge. */
  withoutText: number;
}

export interface ThemeReportItem {
  keywords: string[];
  count: number;
  thisWeek: number;
  lastWeek: number;
  trend: 'up' | 'down' | 'flat' | 'new';
  drill: DrillFilter;
}

export interface ThemesReport {
  period: Period;
  items: ThemeReportItem[];
  /** How many texts the themes were built from (the newest ones, capped). */
  corpus: number;
}

export interface SegmentResult {
  value: string;
  responses: number;
  metrics: Array<Estimate & { metric: Metric }>;
  drill: DrillFilter;
}

export interface MetricDifference {
  metric: Metric;
  /** a − b, null when either side has no answers. */
  difference: number | null;
  /** Whether the two 95% intervals overlap (no overlap: a real difference, most likely). */
  overlap: boolean | null;
  /** Both sides have at least MIN_RESPONSES answers. */
  enough: boolean;
}

export interface CompareReport {
  period: Period;
  by: SegmentKind;
  key: string | null;
  a: SegmentResult;
  b: SegmentResult;
  differences: MetricDifference[];
  minResponses: number;
}
