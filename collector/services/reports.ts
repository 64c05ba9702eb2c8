import type { Kysely } from 'kysely';
import {
  type CompareQuery,
  type CompareReport,
  type DrillFilter,
  type Estimate,
  type Granularity,
  MIN_RESPONSES,
  type Metric,
  type MetricSummary,
  type Period,
  type ReportFilter,
  type ResponseRateReport,
  type SegmentResult,
  type SentimentReport,
  type SummaryReport,
  type ThemesReport,
  type TrendBucket,
  type TrendQuery,
  type TrendReport,
} from '../../shared/schema/reports.ts';
import { type RatingScale, scoreBand } from '../../shared/scales.ts';
import type { Database } from '../store/database.ts';
import { type Cell, type CellConditions, countCells, countEvents, keywordRows, surveyNames } from '../store/reports.ts';
import { DAY_MS } from '../store/rollups.ts';
import { AppError } from './app-error.ts';
import { refreshRollups } from './rollups.ts';
import { type Histogram, type Interval, csatInterval, meanInterval, npsInterval, overlaps, wilson } from './stats.ts';
import { buildThemes, comparedWeeks, themeDoc } from './themes.ts';

export interface ReportDeps {
  db: Kysely<Database>;
  clock: { now(): number };
}

/** The period when none is given: the last 30 days, today included. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 3 * 366;
const MAX_BUCKETS = 400;
/**
 * Themes are built from the period's newest texts: enough for stable themes, few enough that
 * services/themes.ts (about 40 µs a text) stays well inside the dashboard's time budget.
 */
const THEME_CORPUS = 2000;

const METRIC_SCALE: Record<Metric, RatingScale> = { nps: 'nps', csat: 'csat', ces: 'ces' };

const INTERVAL: Record<Metric, (h: Histogram) => Interval> = { nps: npsInterval, csat: csatInterval, ces: (h) => meanInterval(h, 1, 7) };

/** A report's filter resolved: the period in ms, the attribute split, and the inbox link for it. */
interface Resolved {
  cells: CellConditions;
  period: Period;
  drill: DrillFilter;
  attrKey: string;
}

function splitAttr(attr: string): { key: string; value: string } {
  const at = attr.indexOf('=');
  const key = attr.slice(0, at);
  // The key goes into a JSON path (quotes or backslashes could change its meaning) and names a
  // rollup (control characters mark the rollups' own keys).
  if (/["\\\u0000-\u001f]/.test(key)) {
    throw new AppError('validation_failed', 'attr: the key may not contain ", \\ or control characters', { field: 'attr' });
  }
  return { key, value: attr.slice(at + 1) };
}

const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * `rawTo` is the query string's `to` as sent: a day (YYYY-MM-DD) means up to the end of that
 * day, milliseconds are an exclusive end. Drill-down links always carry milliseconds, which
 * every reader of the inbox filter takes the same way.
 */
export function resolveFilter(filter: ReportFilter, rawTo: string | undefined, now: number): Resolved {
  // Read the day from the text itself, so this holds whatever the shared schema makes of it.
  const to = filter.to === undefined ? startOfDay(now) + DAY_MS : rawTo?.includes('-') ? Date.parse(`${rawTo}T00:00:00Z`) + DAY_MS : filter.to;
  const from = filter.from ?? to - DEFAULT_DAYS * DAY_MS;
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new AppError('validation_failed', 'from/to: not a date', { field: 'from' });
  if (from >= to) throw new AppError('validation_failed', 'from: the period must start before it ends', { field: 'from' });
  if (to - from > MAX_DAYS * DAY_MS) throw new AppError('validation_failed', `from: pick a period of at most ${MAX_DAYS} days`, { field: 'from' });
  const attr = filter.attr === undefined ? undefined : splitAttr(filter.attr);
  const cells: CellConditions = {
    siteId: '',
    from,
    to,
    survey: filter.survey,
    channel: filter.channel,
    scale: filter.scale,
    band: filter.band,
    sentiment: filter.sentiment,
    device: filter.device,
    attr: attr && { key: attr.key, values: [attr.value] },
  };
  const drill: DrillFilter = {};
  for (const name of ['survey', 'channel', 'scale', 'band', 'sentiment', 'device', 'attr'] as const) {
    const value = filter[name];
    if (value !== undefined) drill[name] = value;
  }
  drill.from = String(from);
  drill.to = String(to);
  return { cells, period: { from, to }, drill, attrKey: attr?.key ?? '' };
}

function histograms(cells: readonly Cell[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const c of cells) {
    if (!c.scale || c.score === undefined || c.score < 0) continue;
    let h = out.get(c.scale);
    if (!h) out.set(c.scale, (h = new Map()));
    h.set(c.score, (h.get(c.score) ?? 0) + c.n);
  }
  return out;
}

function estimate(metric: Metric, h: Histogram | undefined): Estimate {
  const r = INTERVAL[metric](h ?? new Map());
  return { ...r, enough: r.n >= MIN_RESPONSES };
}

async function prepare(deps: ReportDeps, siteId: string, filter: ReportFilter, rawTo: string | undefined, attrKey?: string) {
  const now = deps.clock.now();
  const resolved = resolveFilter(filter, rawTo, now);
  resolved.cells.siteId = siteId;
  const key = attrKey ?? resolved.attrKey;
  const rolledUntil = await refreshRollups(deps.db, siteId, key, now);
  return { ...resolved, rolledUntil, now };
}

export async function summaryReport(deps: ReportDeps, siteId: string, filter: ReportFilter, rawTo?: string): Promise<SummaryReport> {
  const { cells, period, drill, rolledUntil } = await prepare(deps, siteId, filter, rawTo);
  const rows = await countCells(deps.db, cells, ['scale', 'score'], rolledUntil);
  const hists = histograms(rows);
  const metrics: MetricSummary[] = (['nps', 'csat', 'ces'] as const).map((metric) => {
    const scale = METRIC_SCALE[metric];
    const h = hists.get(scale);
    const bands = (['low', 'mid', 'high'] as const).map((band) => {
      let n = 0;
      for (const [score, count] of h ?? []) if (scoreBand(scale, score) === band) n += count;
      return { band, n, drill: { ...drill, scale, band } };
    });
    return { metric, ...estimate(metric, h), bands, drill: { ...drill, scale } };
  });
  return { period, responses: rows.reduce((s, r) => s + r.n, 0), metrics, minResponses: MIN_RESPONSES };
}

/** Start of the bucket holding `ms`: the UTC day, the ISO week (from Monday), or the calendar month. */
export function bucketStart(ms: number, granularity: Granularity): number {
  const day = Math.floor(ms / DAY_MS);
  if (granularity === 'day') return day * DAY_MS;
  // 1970-01-01 was a Thursday: (day + 3) % 7 counts days since Monday.
  if (granularity === 'week') return (day - ((day + 3) % 7)) * DAY_MS;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextBucket(start: number, granularity: Granularity): number {
  if (granularity === 'day') return start + DAY_MS;
  if (granularity === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export async function trendReport(deps: ReportDeps, siteId: string, query: TrendQuery, rawTo?: string): Promise<TrendReport> {
  const { metric, granularity, ...filter } = query;
  const { cells, period, drill, rolledUntil } = await prepare(deps, siteId, filter, rawTo);
  const scale = METRIC_SCALE[metric];
  const starts: number[] = [];
  for (let s = bucketStart(period.from, granularity); s < period.to; s = nextBucket(s, granularity)) {
    starts.push(s);
    if (starts.length > MAX_BUCKETS) {
      throw new AppError('validation_failed', `granularity: more than ${MAX_BUCKETS} points; pick week or month, or a shorter period`, {
        field: 'granularity',
      });
    }
  }
  // A filter on another scale leaves nothing to measure; the buckets are still drawn, empty.
  const rows = filter.scale && filter.scale !== scale ? [] : await countCells(deps.db, { ...cells, scale }, ['day', 'scale', 'score'], rolledUntil);
  const perBucket = new Map<number, Map<number, number>>();
  for (const r of rows) {
    if (r.score === undefined || r.score < 0 || r.day === undefined) continue;
    const start = bucketStart(r.day * DAY_MS, granularity);
    let h = perBucket.get(start);
    if (!h) perBucket.set(start, (h = new Map()));
    h.set(r.score, (h.get(r.score) ?? 0) + r.n);
  }
  const buckets: TrendBucket[] = starts.map((s) => {
    const start = Math.max(s, period.from);
    const end = Math.min(nextBucket(s, granularity), period.to);
    return { start, end, ...estimate(metric, perBucket.get(s)), drill: { ...drill, scale, from: String(start), to: String(end) } };
  });
  return { metric, granularity, period, buckets, minResponses: MIN_RESPONSES };
}

export async function responseRateReport(deps: ReportDeps, siteId: string, filter: ReportFilter, rawTo?: string): Promise<ResponseRateReport> {
  // Impressions know their survey and time only, so the rate honours those two filters.
  const scoped: ReportFilter = { survey: filter.survey, from: filter.from, to: filter.to };
  const { cells, period, drill, rolledUntil } = await prepare(deps, siteId, scoped, rawTo);
  const names = await surveyNames(deps.db, siteId);
  const surveys = filter.survey ? [filter.survey].filter((id) => names.has(id)) : [...names.keys()];
  const [answered, events] = await Promise.all([
    countCells(deps.db, { ...cells, surveyIn: surveys.length ? surveys : [''] }, ['survey_id'], rolledUntil),
    countEvents(deps.db, { siteId, from: period.from, to: period.to, surveys }, rolledUntil),
  ]);
  const responsesOf = new Map(answered.map((c) => [c.survey_id ?? '', c.n]));
  const impressionsOf = new Map(events.filter((e) => e.type === 'impression').map((e) => [e.survey_id, e.n]));
  const rate = (responses: number, impressions: number) => {
    if (impressions === 0) return { rate: null, low: null, high: null };
    const ci = wilson(Math.min(responses, impressions), impressions);
    return { rate: responses / impressions, low: ci.low! / 100, high: ci.high! / 100 };
  };
  const rows = surveys
    .map((surveyId) => {
      const responses = responsesOf.get(surveyId) ?? 0;
      const impressions = impressionsOf.get(surveyId) ?? 0;
      return { surveyId, name: names.get(surveyId) ?? surveyId, impressions, responses, ...rate(responses, impressions), drill: { ...drill, survey: surveyId } };
    })
    .filter((r) => r.impressions > 0 || r.responses > 0)
    .sort((a, b) => b.impressions - a.impressions || a.name.localeCompare(b.name));
  const impressions = rows.reduce((s, r) => s + r.impressions, 0);
  const responses = rows.reduce((s, r) => s + r.responses, 0);
  return { period, impressions, responses, ...rate(responses, impressions), surveys: rows };
}

export async function sentimentReport(deps: ReportDeps, siteId: string, filter: ReportFilter, rawTo?: string): Promise<SentimentReport> {
  const { cells, period, drill, rolledUntil } = await prepare(deps, siteId, filter, rawTo);
  const rows = await countCells(deps.db, cells, ['sentiment'], rolledUntil);
  const count = (label: string) => rows.find((r) => r.sentiment === label)?.n ?? 0;
  const segments = (['pos', 'neu', 'neg'] as const).map((label) => ({ label, n: count(label), drill: { ...drill, sentiment: label } }));
  return { period, segments, total: segments.reduce((s, x) => s + x.n, 0), withoutText: count('') };
}

export async function themesReport(deps: ReportDeps, siteId: string, filter: ReportFilter, rawTo?: string): Promise<ThemesReport> {
  const now = deps.clock.now();
  const { cells, period, drill } = resolveFilter(filter, rawTo, now);
  cells.siteId = siteId;
  const rows = await keywordRows(deps.db, cells, THEME_CORPUS);
  const corpus = rows.map(themeDoc);
  // Weeks are counted back from the period's end (or now, when the period runs into the future).
  const end = Math.min(period.to, now);
  const days = Math.ceil((period.to - period.from) / DAY_MS);
  // The newest THEME_CORPUS texts may cover only the last hours, and a period shorter than two
  // weeks does not hold all of last week: the weeks are compared over the same stretch, and what
  // of last week's the corpus lacks is read (same filters) for `lastWeek` alone.
  const covered = rows.length === THEME_CORPUS ? rows.at(-1)!.received_at + 1 : period.from;
  const { span, before } = await comparedWeeks(rows, THEME_CORPUS, end, covered, (from, to) => keywordRows(deps.db, { ...cells, from, to }, THEME_CORPUS));
  const items = buildThemes(corpus, end, days, before, span).map((t) => ({
    keywords: t.keywords,
    count: t.count,
    thisWeek: t.thisWeek,
    lastWeek: t.lastWeek,
    trend: t.trend,
    drill: { ...drill, q: t.keywords[0]! },
  }));
  return { period, items, corpus: corpus.length };
}

export async function compareReport(deps: ReportDeps, siteId: string, query: CompareQuery, rawTo?: string): Promise<CompareReport> {
  const { by, key, a, b, ...filter } = query;
  const attrKey = by === 'attr' ? splitAttr(`${key!}=`).key : undefined;
  const { cells, period, drill, rolledUntil } = await prepare(deps, siteId, filter, rawTo, attrKey);
  const values = [a, b];
  let conditions: CellConditions = cells;
  let dim: 'device' | 'channel' | 'survey_id' | 'attr_value';
  if (by === 'device') [conditions, dim] = [{ ...cells, deviceIn: values }, 'device'];
  else if (by === 'channel') [conditions, dim] = [{ ...cells, channelIn: values }, 'channel'];
  else if (by === 'survey') [conditions, dim] = [{ ...cells, surveyIn: values }, 'survey_id'];
  else {
    // A second attribute (the filter's) cannot come from a one-attribute rollup: raw rows then.
    const extra = cells.attr ? { key: cells.attr.key, value: cells.attr.values[0]! } : undefined;
    [conditions, dim] = [{ ...cells, attr: { key: attrKey!, values }, extraAttr: extra }, 'attr_value'];
  }
  const rows = await countCells(deps.db, conditions, [dim, 'scale', 'score'], rolledUntil);
  const segment = (value: string): SegmentResult => {
    const mine = rows.filter((r) => r[dim] === value);
    const hists = histograms(mine);
    const segmentDrill: DrillFilter = { ...drill };
    if (by === 'attr') segmentDrill.attr = `${attrKey!}=${value}`;
    else segmentDrill[by] = value;
    return {
      value,
      responses: mine.reduce((s, r) => s + r.n, 0),
      metrics: (['nps', 'csat', 'ces'] as const).map((metric) => ({ metric, ...estimate(metric, hists.get(METRIC_SCALE[metric])) })),
      drill: segmentDrill,
    };
  };
  const left = segment(a);
  const right = segment(b);
  const differences = left.metrics.map((m, i) => {
    const other = right.metrics[i]!;
    return {
      metric: m.metric,
      difference: m.value === null || other.value === null ? null : m.value - other.value,
      overlap: overlaps(m, other),
      enough: m.enough && other.enough,
    };
  });
  return { period, by, key: attrKey ?? null, a: left, b: right, differences, minResponses: MIN_RESPONSES };
}
