// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricSummary, TrendReport } from '../../../../shared/schema/reports.ts';
import { setLocale } from '../../i18n/locale.ts';
import { KpiCard } from './KpiCard.tsx';
import { TrendChart } from './TrendChart.tsx';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20);
let root: HTMLElement;

beforeEach(() => {
  setLocale('en');
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const drill = (extra: Record<string, string> = {}) => ({ from: String(T0), to: String(T0 + 3 * DAY), ...extra });

function metric(n: number, value: number | null): MetricSummary {
  return {
    metric: 'nps',
    n,
    value,
    low: value === null ? null : value - 10,
    high: value === null ? null : value + 10,
    enough: n >= 10,
    bands: (['low', 'mid', 'high'] as const).map((band, i) => ({ band, n: i, drill: drill({ scale: 'nps', band }) })),
    drill: drill({ scale: 'nps' }),
  };
}

describe('KPI card', () => {
  it('shows the score with its interval and n', () => {
    render(<KpiCard m={metric(40, 12.4)} min={10} />, root);
    expect(root.querySelector('.kpi-value')!.textContent).toBe('+12');
    expect(root.querySelector('.kpi-ci')!.textContent).toBe('95% CI +2 to +22 · n = 40');
  });

  it('says "not enough responses" instead of a number under the minimum', () => {
    render(<KpiCard m={metric(4, 50)} min={10} />, root);
    expect(root.querySelector('.kpi-value')!.textContent).toBe('Not enough responses (n = 4; a score needs 10)');
    expect(root.querySelector('.kpi-ci')).toBeNull();
  });

  it('links each band to the inbox filtered to it', () => {
    render(<KpiCard m={metric(40, 12)} min={10} />, root);
    const links = [...root.querySelectorAll<HTMLAnchorElement>('.chart-links a')];
    // The empty detractor band (n = 0) has no area to click.
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      `#/inbox?from=${T0}&to=${T0 + 3 * DAY}&scale=nps&band=mid`,
      `#/inbox?from=${T0}&to=${T0 + 3 * DAY}&scale=nps&band=high`,
    ]);
    expect(links[0]!.getAttribute('aria-label')).toBe('Passives: 1 (33%) — open these responses in the inbox');
  });
});

describe('trend chart', () => {
  const report: TrendReport = {
    metric: 'nps',
    granularity: 'day',
    period: { from: T0, to: T0 + 3 * DAY },
    minResponses: 10,
    buckets: [
      { start: T0, end: T0 + DAY, n: 25, value: 20, low: 5, high: 35, enough: true, drill: drill({ from: String(T0), to: String(T0 + DAY) }) },
      { start: T0 + DAY, end: T0 + 2 * DAY, n: 3, value: 100, low: 100, high: 100, enough: false, drill: drill() },
      { start: T0 + 2 * DAY, end: T0 + 3 * DAY, n: 0, value: null, low: null, high: null, enough: false, drill: drill() },
    ],
  };

  it('draws points only where enough answered, but links and tabulates every period', () => {
    render(<TrendChart report={report} />, root);
    expect(root.querySelectorAll('circle.point')).toHaveLength(1);
    const links = [...root.querySelectorAll<HTMLAnchorElement>('.chart-links a')];
    expect(links).toHaveLength(3);
    expect(links[0]!.getAttribute('href')).toBe(`#/inbox?from=${T0}&to=${T0 + DAY}`);
    expect(links[1]!.getAttribute('aria-label')).toBe('Nov 21: Not enough responses (n = 3; a score needs 10), n = 3 — open these responses in the inbox');
    const rows = [...root.querySelectorAll('table tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows[0]).toEqual(['Nov 20', '+20', '+5 – +35', '25']);
    expect(rows[2]).toEqual(['Nov 22', 'No answers in this period', '—', '0']);
    const svg = root.querySelector('svg[role="img"]')!;
    expect(svg.getAttribute('aria-label')).toContain('3 periods, 1 with enough responses');
  });
});
