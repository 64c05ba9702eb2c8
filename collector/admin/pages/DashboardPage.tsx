import { useEffect } from 'preact/hooks';
import type { Granularity, Metric } from '../../../shared/schema/reports.ts';
import { CompareChart } from '../components/dashboard/CompareChart.tsx';
import { ComparePicker } from '../components/dashboard/ComparePicker.tsx';
import { KpiCard } from '../components/dashboard/KpiCard.tsx';
import { RateChart } from '../components/dashboard/RateChart.tsx';
import { StackedBar } from '../components/dashboard/StackedBar.tsx';
import { ThemeList } from '../components/dashboard/ThemeList.tsx';
import { TrendChart } from '../components/dashboard/TrendChart.tsx';
import { dashboardTexts } from '../i18n/dashboard.ts';
import { formatNumber, formatTime, texts } from '../i18n/locale.ts';
import {
  PERIODS,
  comparison,
  deviceFilter,
  followLive,
  granularity,
  live,
  loadComparison,
  loadDashboard,
  loadError,
  loadSurveyOptions,
  loading,
  periodDays,
  rate,
  sentiment,
  summary,
  surveyFilter,
  surveyOptions,
  themes,
  trend,
  trendMetric,
  updatedAt,
} from '../models/dashboard.ts';
import { siteId } from '../models/sites.ts';
import { href } from '../router.ts';
import '../styles/dashboard.css';

/** NPS, CSAT and CES with their trends, response rate, sentiment, themes and a segment comparison. */
export function DashboardPage() {
  const t = texts(dashboardTexts);
  const site = siteId.value;
  const reload = () => void loadDashboard(site);
  useEffect(() => {
    if (!site) return;
    void loadSurveyOptions(site);
    void loadDashboard(site);
    return followLive(site);
  }, [site]);
  if (!site) return <p class="empty">{t.noSite}</p>;

  const change = <T,>(signal: { value: T }, value: T) => {
    signal.value = value;
    reload();
  };
  const s = summary.value;
  const se = sentiment.value;
  const sentimentNames = { pos: t.pos, neu: t.neu, neg: t.neg };
  return (
    <div class="dashboard">
      <div class="dash-head">
        <div>
          <h1>{t.title}</h1>
          <p class="muted">{t.intro}</p>
        </div>
        <div class="dash-status" role="status" aria-live="polite">
          {loading.value ? t.loading : updatedAt.value ? t.updated(formatTime(updatedAt.value)) : ''}
          {live.value && <span class="live-dot">{t.live}</span>}
        </div>
      </div>

      <div class="dash-filters" role="group" aria-label={t.filters}>
        <label>
          {t.period}
          <select value={String(periodDays.value)} onChange={(e) => change(periodDays, Number(e.currentTarget.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                {t.days(d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.granularity}
          <select value={granularity.value} onChange={(e) => change(granularity, e.currentTarget.value as Granularity)}>
            <option value="day">{t.day}</option>
            <option value="week">{t.week}</option>
            <option value="month">{t.month}</option>
          </select>
        </label>
        <label>
          {t.survey}
          <select value={surveyFilter.value} onChange={(e) => change(surveyFilter, e.currentTarget.value)}>
            <option value="">{t.allSurveys}</option>
            {surveyOptions.value.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.device}
          <select value={deviceFilter.value} onChange={(e) => change(deviceFilter, e.currentTarget.value)}>
            <option value="">{t.allDevices}</option>
            <option value="mobile">{t.mobile}</option>
            <option value="desktop">{t.desktop}</option>
            <option value="tablet">{t.tablet}</option>
          </select>
        </label>
        <button type="button" onClick={reload} disabled={loading.value}>
          {t.refresh}
        </button>
      </div>

      <p class="error" role="alert">
        {loadError.value ? t.failed(loadError.value) : ''}
      </p>

      {s && (
        <div class="kpis">
          {s.metrics.map((m) => (
            <KpiCard key={m.metric} m={m} min={s.minResponses} />
          ))}
          <section class="kpi kpi-total" aria-labelledby="kpi-total">
            <h2 id="kpi-total">
              <a href={href('/inbox', { from: String(s.period.from), to: String(s.period.to), ...(surveyFilter.value ? { survey: surveyFilter.value } : {}), ...(deviceFilter.value ? { device: deviceFilter.value } : {}) })}>
                {t.responses}
              </a>
            </h2>
            <p class="kpi-value">{formatNumber(s.responses)}</p>
          </section>
        </div>
      )}

      {trend.value && (
        <section class="panel" aria-labelledby="trend-title">
          <div class="panel-head">
            <h2 id="trend-title">{t.trendOf(t[trend.value.metric])}</h2>
            <div class="segmented" role="group" aria-label={t.metric}>
              {(['nps', 'csat', 'ces'] as Metric[]).map((m) => (
                <button key={m} type="button" aria-pressed={trendMetric.value === m} onClick={() => change(trendMetric, m)}>
                  {t[m]}
                </button>
              ))}
            </div>
          </div>
          <TrendChart report={trend.value} />
        </section>
      )}

      <div class="two">
        {rate.value && (
          <section class="panel" aria-labelledby="rate-title">
            <h2 id="rate-title">{t.responseRate}</h2>
            <RateChart report={rate.value} />
          </section>
        )}
        {se && (
          <section class="panel" aria-labelledby="sentiment-title">
            <h2 id="sentiment-title">{t.sentiment}</h2>
            <p class="figure-lead">
              {se.total === 0
                ? t.noTexts
                : t.sentimentSummary(...(se.segments.map((x) => formatNumber(x.n)) as [string, string, string]), formatNumber(se.total))}
            </p>
            <StackedBar
              summary={t.sentimentSummary(...(se.segments.map((x) => formatNumber(x.n)) as [string, string, string]), formatNumber(se.total))}
              caption={t.sentiment}
              countLabel={t.count}
              openLabel={t.openInbox}
              parts={se.segments.map((x) => ({ label: sentimentNames[x.label], n: x.n, tone: `sent-${x.label}`, href: href('/inbox', x.drill) }))}
            />
            <ul class="legend">
              {se.segments.map((x) => (
                <li key={x.label}>
                  <span class={`swatch sent-${x.label}`} aria-hidden="true" />
                  <a href={href('/inbox', x.drill)}>
                    {sentimentNames[x.label]} {formatNumber(x.n)}
                  </a>
                </li>
              ))}
            </ul>
            <p class="note">{t.withoutText(formatNumber(se.withoutText))}</p>
          </section>
        )}
      </div>

      {themes.value && (
        <section class="panel" aria-labelledby="themes-title">
          <h2 id="themes-title">{t.themes}</h2>
          <ThemeList report={themes.value} />
        </section>
      )}

      <section class="panel" aria-labelledby="compare-title">
        <h2 id="compare-title">{t.compare}</h2>
        <ComparePicker surveys={surveyOptions.value} onApply={() => void loadComparison(site)} />
        {comparison.value && <CompareChart report={comparison.value} surveyNames={new Map(surveyOptions.value.map((o) => [o.id, o.name]))} />}
      </section>
    </div>
  );
}
