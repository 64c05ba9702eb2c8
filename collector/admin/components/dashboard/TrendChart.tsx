import type { TrendReport } from '../../../../shared/schema/reports.ts';
import { dashboardTexts } from '../../i18n/dashboard.ts';
import { formatNumber, texts } from '../../i18n/locale.ts';
import { href } from '../../router.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { METRIC_RANGE, formatMetric, formatSpan } from './format.ts';

const W = 960;
const H = 240;
const LEFT = 44;
const RIGHT = 8;
const TOP = 10;
/** The score area ends here; below it a strip of bars shows how many answered in each period. */
const PLOT_BOTTOM = 170;
const VOLUME_TOP = 182;
const VOLUME_BOTTOM = 222;

/**
 * The score per period as a line with 95% interval whiskers, and the number of answers per
 * period as bars beneath. Periods with too few answers get no point (their n still shows).
 */
export function TrendChart({ report }: { report: TrendReport }) {
  const t = texts(dashboardTexts);
  const name = t[report.metric];
  const [lo, hi] = METRIC_RANGE[report.metric];
  const buckets = report.buckets;
  const step = (W - LEFT - RIGHT) / Math.max(1, buckets.length);
  const x = (i: number) => LEFT + step * (i + 0.5);
  const y = (v: number) => TOP + ((hi - v) / (hi - lo)) * (PLOT_BOTTOM - TOP);
  const maxN = Math.max(1, ...buckets.map((b) => b.n));
  const ticks = report.metric === 'ces' ? [1, 4, 7] : report.metric === 'nps' ? [-100, -50, 0, 50, 100] : [0, 50, 100];
  const shown = buckets.map((b, i) => ({ b, i })).filter(({ b }) => b.enough && b.value !== null);
  const path = shown.map(({ b, i }, k) => `${k ? 'L' : 'M'}${x(i).toFixed(1)},${y(b.value!).toFixed(1)}`).join(' ');
  const span = (i: number) => formatSpan(buckets[i]!.start, buckets[i]!.end, report.granularity);
  const valueOf = (i: number) => {
    const b = buckets[i]!;
    return b.enough ? formatMetric(report.metric, b.value) : b.n === 0 ? t.noAnswers : t.notEnough(formatNumber(b.n), report.minResponses);
  };
  const labelled = [0, Math.floor((buckets.length - 1) / 2), buckets.length - 1].filter((v, i, a) => a.indexOf(v) === i && buckets[v]);
  const summary = t.trendSummary(
    t.trendOf(name),
    buckets.length,
    shown.length,
    shown.length ? `${span(shown[0]!.i)} ${valueOf(shown[0]!.i)}` : t.noValue,
    shown.length ? `${span(shown.at(-1)!.i)} ${valueOf(shown.at(-1)!.i)}` : t.noValue,
  );
  return (
    <ChartFrame
      class="trend"
      width={W}
      height={H}
      summary={summary}
      links={buckets.map((b, i) => ({
        x: LEFT + step * i,
        width: step,
        label: `${t.pointLabel(span(i), valueOf(i), t.n(formatNumber(b.n)))} — ${t.openInbox}`,
        href: href('/inbox', b.drill),
      }))}
      table={{
        caption: t.trendOf(name),
        head: [t.period_, t.value, t.interval, t.count],
        rows: buckets.map((b, i) => [
          span(i),
          valueOf(i),
          b.enough && b.low !== null && b.high !== null ? `${formatMetric(report.metric, b.low)} – ${formatMetric(report.metric, b.high)}` : t.noValue,
          formatNumber(b.n),
        ]),
      }}
    >
      {ticks.map((v) => (
        <g key={v} class="tick">
          <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} />
          <text x={LEFT - 6} y={y(v) + 4} text-anchor="end">
            {formatMetric(report.metric, v)}
          </text>
        </g>
      ))}
      {buckets.map((b, i) => {
        const h = (b.n / maxN) * (VOLUME_BOTTOM - VOLUME_TOP);
        return b.n > 0 && <rect key={`n${i}`} class="volume" x={x(i) - step * 0.35} width={step * 0.7} y={VOLUME_BOTTOM - h} height={h} />;
      })}
      {shown.map(({ b, i }) =>
        b.low !== null && b.high !== null ? (
          <g key={`w${i}`} class="whisker">
            <line x1={x(i)} x2={x(i)} y1={y(b.low)} y2={y(b.high)} />
            <line x1={x(i) - 3} x2={x(i) + 3} y1={y(b.low)} y2={y(b.low)} />
            <line x1={x(i) - 3} x2={x(i) + 3} y1={y(b.high)} y2={y(b.high)} />
          </g>
        ) : null,
      )}
      {path && <path class="line" d={path} />}
      {shown.map(({ b, i }) => (
        <circle key={`p${i}`} class="point" cx={x(i)} cy={y(b.value!)} r={3.5} />
      ))}
      {labelled.map((i) => (
        <text key={`x${i}`} class="axis-label" x={x(i)} y={H - 4} text-anchor={i === 0 ? 'start' : i === buckets.length - 1 ? 'end' : 'middle'}>
          {span(i)}
        </text>
      ))}
    </ChartFrame>
  );
}
