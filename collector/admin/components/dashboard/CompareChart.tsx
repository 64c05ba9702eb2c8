import type { CompareReport } from '../../../../shared/schema/reports.ts';
import { dashboardTexts } from '../../i18n/dashboard.ts';
import { formatNumber, texts } from '../../i18n/locale.ts';
import { href } from '../../router.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { METRIC_RANGE, formatDifference, formatMetric } from './format.ts';

const W = 960;
const ROW = 26;
const LABEL = 160;
const RIGHT = 70;

/**
 * Two segments side by side, one pair of rows per score: the value as a dot on the scale's
 * full range with its 95% interval, the difference and whether the intervals overlap.
 */
export function CompareChart({ report, surveyNames }: { report: CompareReport; surveyNames: ReadonlyMap<string, string> }) {
  const t = texts(dashboardTexts);
  const devices: Record<string, string> = { mobile: t.mobile, desktop: t.desktop, tablet: t.tablet };
  const nameOf = (value: string) =>
    report.by === 'device' ? (devices[value] ?? value) : report.by === 'survey' ? (surveyNames.get(value) ?? value) : report.by === 'attr' ? `${report.key} = ${value}` : value;
  const sides = [
    { ...report.a, value: nameOf(report.a.value) },
    { ...report.b, value: nameOf(report.b.value) },
  ] as const;
  const groups = report.differences.map((d, g) => ({ d, g, a: report.a.metrics[g]!, b: report.b.metrics[g]! }));
  const H = groups.length * ROW * 2 + groups.length * 10;
  const value = (metric: (typeof groups)[number]['a']) =>
    metric.enough ? formatMetric(metric.metric, metric.value) : metric.n === 0 ? t.noAnswers : t.notEnough(formatNumber(metric.n), report.minResponses);
  const links = groups.flatMap(({ g, a, b }) =>
    [a, b].map((m, s) => ({
      x: 0,
      width: W,
      y: g * (ROW * 2 + 10) + s * ROW,
      height: ROW,
      label: `${t[m.metric]} · ${sides[s]!.value}: ${value(m)}, ${t.n(formatNumber(m.n))} — ${t.openInbox}`,
      href: href('/inbox', { ...sides[s]!.drill, scale: m.metric }),
    })),
  );
  return (
    <>
      <ChartFrame
        class="compare"
        width={W}
        height={H}
        summary={groups.map(({ a, b }) => t.compareSummary(t[a.metric], sides[0].value, value(a), sides[1].value, value(b))).join(' ')}
        links={links}
        table={{
          caption: t.compare,
          head: ['', sides[0].value, sides[1].value, t.difference],
          rows: groups.map(({ d, a, b }) => [
            t[a.metric],
            `${value(a)} (${t.n(formatNumber(a.n))})`,
            `${value(b)} (${t.n(formatNumber(b.n))})`,
            d.difference === null || !d.enough ? t.noValue : formatDifference(d.metric, d.difference, t.pp),
          ]),
        }}
      >
        {groups.map(({ g, a, b }) => {
          const [lo, hi] = METRIC_RANGE[a.metric];
          const sx = (v: number) => LABEL + ((v - lo) / (hi - lo)) * (W - LABEL - RIGHT);
          const top = g * (ROW * 2 + 10);
          return (
            <g key={a.metric}>
              <line class="axis" x1={sx(lo)} x2={sx(hi)} y1={top + ROW} y2={top + ROW} />
              {[a, b].map((m, s) => {
                const mid = top + s * ROW + ROW / 2;
                return (
                  <g key={s} class={`side side-${s ? 'b' : 'a'}`}>
                    <text class="axis-label" x={0} y={mid + 4}>
                      {`${t[m.metric]} · ${sides[s]!.value}`.slice(0, 22)}
                    </text>
                    {m.enough && m.low !== null && m.high !== null && <line class="ci" x1={sx(m.low)} x2={sx(m.high)} y1={mid} y2={mid} />}
                    {m.enough && m.value !== null && <circle class="dot" cx={sx(m.value)} cy={mid} r={5} />}
                    <text class="axis-label" x={W} y={mid + 4} text-anchor="end">
                      {m.enough ? formatMetric(m.metric, m.value) : `n = ${m.n}`}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </ChartFrame>
      <ul class="differences">
        {report.differences.map((d) => (
          <li key={d.metric}>
            <strong>{t[d.metric]}</strong> {t.difference}:{' '}
            {d.difference === null || !d.enough ? t.noValue : formatDifference(d.metric, d.difference, t.pp)}
            {d.enough && d.overlap !== null && <span class={d.overlap ? 'overlap' : 'no-overlap'}> — {d.overlap ? t.overlap : t.noOverlap}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}
