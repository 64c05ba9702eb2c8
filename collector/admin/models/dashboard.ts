import { batch, signal } from '@preact/signals';
import type {
  CompareReport,
  Granularity,
  Metric,
  ResponseRateReport,
  SegmentKind,
  SentimentReport,
  SummaryReport,
  ThemesReport,
  TrendReport,
} from '../../../shared/schema/reports.ts';
import { ApiError, api } from '../api.ts';

/** What the dashboard shows: the pickers' state, the reports' answers, and loading state. */

export const PERIODS = [7, 30, 90, 365] as const;
export const periodDays = signal<number>(30);
export const granularity = signal<Granularity>('day');
export const trendMetric = signal<Metric>('nps');
export const surveyFilter = signal('');
export const deviceFilter = signal('');

export interface Segments {
  by: SegmentKind;
  key: string;
  a: string;
  b: string;
}
export const segments = signal<Segments>({ by: 'device', key: 'plan', a: 'mobile', b: 'desktop' });

export const summary = signal<SummaryReport | undefined>(undefined);
export const trend = signal<TrendReport | undefined>(undefined);
export const rate = signal<ResponseRateReport | undefined>(undefined);
export const sentiment = signal<SentimentReport | undefined>(undefined);
export const themes = signal<ThemesReport | undefined>(undefined);
export const comparison = signal<CompareReport | undefined>(undefined);
export const loading = signal(false);
export const loadError = signal('');
export const updatedAt = signal<number | undefined>(undefined);
export const live = signal(false);

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The shared query: the period as whole UTC days (today included), and the filters picked. A
 * function, not a computed value: "today" moves on while the page stays open.
 */
function baseQuery(): URLSearchParams {
  const today = Date.now();
  const q = new URLSearchParams({ from: isoDay(today - (periodDays.value - 1) * DAY), to: isoDay(today) });
  if (surveyFilter.value) q.set('survey', surveyFilter.value);
  if (deviceFilter.value) q.set('device', deviceFilter.value);
  return q;
}

function withParams(extra: Record<string, string>): string {
  const q = baseQuery();
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

let generation = 0;

/** Loads every report for the site; a newer call wins over an older one still in flight. */
export async function loadDashboard(siteId: string, quiet = false): Promise<void> {
  if (!siteId) return;
  const mine = ++generation;
  if (!quiet) loading.value = true;
  loadError.value = '';
  const base = `/sites/${encodeURIComponent(siteId)}/reports`;
  const seg = segments.value;
  const compareParams: Record<string, string> = { by: seg.by, a: seg.a, b: seg.b };
  if (seg.by === 'attr') compareParams.key = seg.key;
  try {
    const [s, t, r, se, th, c] = await Promise.all([
      api<SummaryReport>('GET', `${base}/summary?${withParams({})}`),
      api<TrendReport>('GET', `${base}/trend?${withParams({ metric: trendMetric.value, granularity: granularity.value })}`),
      api<ResponseRateReport>('GET', `${base}/response-rate?${withParams({})}`),
      api<SentimentReport>('GET', `${base}/sentiment?${withParams({})}`),
      api<ThemesReport>('GET', `${base}/themes?${withParams({})}`),
      seg.a && seg.b && seg.a !== seg.b ? api<CompareReport>('GET', `${base}/compare?${withParams(compareParams)}`) : Promise.resolve(undefined),
    ]);
    if (mine !== generation) return;
    batch(() => {
      summary.value = s;
      trend.value = t;
      rate.value = r;
      sentiment.value = se;
      themes.value = th;
      comparison.value = c;
      updatedAt.value = Date.now();
    });
  } catch (err) {
    if (mine === generation) loadError.value = err instanceof ApiError ? err.message : String(err);
  } finally {
    if (mine === generation) loading.value = false;
  }
}

/** Only the comparison, when its picker changes. */
export async function loadComparison(siteId: string): Promise<void> {
  const seg = segments.value;
  if (!siteId || !seg.a || !seg.b || seg.a === seg.b) {
    comparison.value = undefined;
    return;
  }
  const params: Record<string, string> = { by: seg.by, a: seg.a, b: seg.b };
  if (seg.by === 'attr') params.key = seg.key;
  try {
    comparison.value = await api<CompareReport>('GET', `/sites/${encodeURIComponent(siteId)}/reports/compare?${withParams(params)}`);
  } catch (err) {
    loadError.value = err instanceof ApiError ? err.message : String(err);
  }
}

/** How long after a new response the dashboard reloads: a burst of answers costs one reload. */
const LIVE_DEBOUNCE_MS = 2000;

/**
 * Follows the site's live stream (GET /admin/api/sites/:siteId/live) and reloads the reports,
 * debounced, when a response arrives. Returns the function that stops it.
 */
export function followLive(siteId: string): () => void {
  if (typeof EventSource === 'undefined' || !siteId) return () => undefined;
  const source = new EventSource(`/admin/api/sites/${encodeURIComponent(siteId)}/live`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  source.addEventListener('ready', () => (live.value = true));
  source.addEventListener('response', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void loadDashboard(siteId, true), LIVE_DEBOUNCE_MS);
  });
  source.addEventListener('signed-out', () => source.close());
  source.onerror = () => (live.value = false);
  return () => {
    clearTimeout(timer);
    source.close();
    live.value = false;
  };
}

/** The site's surveys, for the survey picker and the survey comparison. */
export const surveyOptions = signal<Array<{ id: string; name: string }>>([]);

export async function loadSurveyOptions(siteId: string): Promise<void> {
  if (!siteId) return;
  try {
    const { items } = await api<{ items: Array<{ id: string; name: string }> }>('GET', `/sites/${encodeURIComponent(siteId)}/surveys`);
    surveyOptions.value = items.map((s) => ({ id: s.id, name: s.name }));
  } catch {
    // The picker then offers "all surveys" only; the reports still load.
    surveyOptions.value = [];
  }
}
