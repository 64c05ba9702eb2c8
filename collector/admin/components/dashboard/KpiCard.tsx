import type { MetricSummary } from '../../../../shared/schema/reports.ts';
import { dashboardTexts } from '../../i18n/dashboard.ts';
import { formatNumber, texts } from '../../i18n/locale.ts';
import { href } from '../../router.ts';
import { formatMetric } from './format.ts';
import { StackedBar } from './StackedBar.tsx';

/** One score: the value with its interval and n (or "not enough responses"), and its bands. */
export function KpiCard({ m, min }: { m: MetricSummary; min: number }) {
  const t = texts(dashboardTexts);
  const name = t[m.metric];
  const hint = { nps: t.npsHint, csat: t.csatHint, ces: t.cesHint }[m.metric];
  const bandNames = {
    nps: [t.npsLow, t.npsMid, t.npsHigh],
    csat: [t.csatLow, t.csatMid, t.csatHigh],
    ces: [t.cesLow, t.cesMid, t.cesHigh],
  }[m.metric];
  const n = formatNumber(m.n);
  const shown = m.n > 0 && m.enough;
  return (
    <section class="kpi" aria-labelledby={`kpi-${m.metric}`}>
      <h2 id={`kpi-${m.metric}`}>
        <a href={href('/inbox', m.drill)} aria-label={`${name}: ${t.openInbox}`}>
          {name}
        </a>
      </h2>
      <p class="hint">{hint}</p>
      {shown ? (
        <>
          <p class="kpi-value">{formatMetric(m.metric, m.value)}</p>
          <p class="kpi-ci">
            {m.low !== null && m.high !== null ? t.ci(formatMetric(m.metric, m.low), formatMetric(m.metric, m.high)) : ''} · {t.n(n)}
          </p>
        </>
      ) : (
        <p class="kpi-value kpi-none">{m.n === 0 ? t.noAnswers : t.notEnough(n, min)}</p>
      )}
      <StackedBar
        summary={`${name}: ${m.bands.map((b, i) => `${bandNames[i]} ${b.n}`).join(', ')}`}
        caption={name}
        countLabel={t.count}
        openLabel={t.openInbox}
        parts={m.bands.map((b, i) => ({ label: bandNames[i]!, n: b.n, tone: `band-${b.band}`, href: href('/inbox', b.drill) }))}
      />
      <ul class="legend">
        {m.bands.map((b, i) => (
          <li key={b.band}>
            <span class={`swatch band-${b.band}`} aria-hidden="true" />
            {bandNames[i]} {formatNumber(b.n)}
          </li>
        ))}
      </ul>
    </section>
  );
}
