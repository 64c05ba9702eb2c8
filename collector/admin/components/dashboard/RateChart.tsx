import type { ResponseRateReport } from '../../../../shared/schema/reports.ts';
import { dashboardTexts } from '../../i18n/dashboard.ts';
import { formatNumber, texts } from '../../i18n/locale.ts';
import { href } from '../../router.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { formatPercent } from './format.ts';

const W = 560;
const ROW = 28;
const LABEL = 170;
const RIGHT = 90;

/** Response rate per survey: a bar per survey with its 95% interval; each row opens the survey's responses. */
export function RateChart({ report }: { report: ResponseRateReport }) {
  const t = texts(dashboardTexts);
  const rows = report.surveys;
  const H = Math.max(1, rows.length) * ROW;
  const scale = (share: number) => LABEL + Math.min(1, share) * (W - LABEL - RIGHT);
  const label = (r: (typeof rows)[number]) =>
    `${r.name}: ${formatPercent(r.rate)} (${formatNumber(r.responses)} / ${formatNumber(r.impressions)})`;
  return (
    <>
      <p class="figure-lead">
        {report.rate === null ? t.noImpressions : t.rateSummary(formatPercent(report.rate), formatNumber(report.responses), formatNumber(report.impressions))}
      </p>
      {rows.length > 0 && (
        <ChartFrame
          class="rate"
          width={W}
          height={H}
          summary={rows.map(label).join('; ')}
          links={rows.map((r, i) => ({ x: 0, width: W, y: i * ROW, height: ROW, label: `${label(r)} — ${t.openInbox}`, href: href('/inbox', r.drill) }))}
          table={{
            caption: t.responseRate,
            head: [t.survey, t.impressions, t.responses, t.rate, t.interval],
            rows: rows.map((r) => [
              r.name,
              formatNumber(r.impressions),
              formatNumber(r.responses),
              formatPercent(r.rate),
              r.low === null ? t.noValue : `${formatPercent(r.low)} – ${formatPercent(r.high)}`,
            ]),
          }}
        >
          {rows.map((r, i) => {
            const mid = i * ROW + ROW / 2;
            return (
              <g key={r.surveyId}>
                <text class="axis-label" x={0} y={mid + 4}>
                  {r.name.length > 26 ? `${r.name.slice(0, 25)}…` : r.name}
                </text>
                <rect class="track" x={LABEL} y={mid - 7} width={W - LABEL - RIGHT} height={14} rx={3} />
                {r.rate !== null && <rect class="bar" x={LABEL} y={mid - 7} width={scale(r.rate) - LABEL} height={14} rx={3} />}
                {r.low !== null && r.high !== null && (
                  <g class="whisker">
                    <line x1={scale(r.low)} x2={scale(r.high)} y1={mid} y2={mid} />
                    <line x1={scale(r.low)} x2={scale(r.low)} y1={mid - 5} y2={mid + 5} />
                    <line x1={scale(r.high)} x2={scale(r.high)} y1={mid - 5} y2={mid + 5} />
                  </g>
                )}
                <text class="axis-label" x={W} y={mid + 4} text-anchor="end">
                  {formatPercent(r.rate)}
                </text>
              </g>
            );
          })}
        </ChartFrame>
      )}
      <p class="note">{t.rateNote}</p>
    </>
  );
}
