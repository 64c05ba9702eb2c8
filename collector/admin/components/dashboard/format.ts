import type { Metric } from '../../../../shared/schema/reports.ts';
import { formatNumber, locale } from '../../i18n/locale.ts';

/** NPS as a signed whole number, CSAT as a percentage, CES with one decimal. */
export function formatMetric(metric: Metric, value: number | null): string {
  if (value === null) return '—';
  if (metric === 'nps') {
    const rounded = Math.round(value);
    return rounded > 0 ? `+${formatNumber(rounded)}` : rounded < 0 ? `−${formatNumber(-rounded)}` : '0';
  }
  if (metric === 'csat') return `${formatNumber(value, 0)}%`;
  return formatNumber(value, 1);
}

/** The scale's full range, for axes. */
export const METRIC_RANGE: Record<Metric, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };

export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${formatNumber(share * 100, 1)}%`;
}

/** A bucket's dates in the chosen language (UTC, as the reports count days). */
export function formatSpan(start: number, end: number, granularity: 'day' | 'week' | 'month'): string {
  const f = (ms: number, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale.value, { timeZone: 'UTC', ...opts }).format(ms);
  if (granularity === 'month') return f(start, { year: 'numeric', month: 'short' });
  if (granularity === 'day' || end - start <= 86_400_000) return f(start, { month: 'short', day: 'numeric' });
  return `${f(start, { month: 'short', day: 'numeric' })} – ${f(end - 1, { month: 'short', day: 'numeric' })}`;
}

/** A difference between two segments: NPS points, CSAT percentage points, CES on its 1–7 scale. */
export function formatDifference(metric: Metric, d: number | null, percentagePoints: string): string {
  if (d === null) return '—';
  const digits = metric === 'ces' ? 1 : 0;
  const text = formatNumber(Math.abs(d), digits);
  const sign = Number(text.replace(/[^\d.]/g, '')) === 0 ? '' : d > 0 ? '+' : '−';
  return `${sign}${text}${metric === 'csat' ? percentagePoints : ''}`;
}
