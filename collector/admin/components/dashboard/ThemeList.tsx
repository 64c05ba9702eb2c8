import type { ThemesReport } from '../../../../shared/schema/reports.ts';
import { dashboardTexts } from '../../i18n/dashboard.ts';
import { formatNumber, texts } from '../../i18n/locale.ts';
import { href } from '../../router.ts';

/** Recurring themes, largest first: each row is a link to the texts that mention it, with a small bar for its size. */
export function ThemeList({ report }: { report: ThemesReport }) {
  const t = texts(dashboardTexts);
  if (report.items.length === 0) return <p class="empty">{t.noThemes}</p>;
  const max = Math.max(...report.items.map((i) => i.count));
  const trendName = { up: t.trendUp, down: t.trendDown, flat: t.trendFlat, new: t.trendNew };
  return (
    <>
      <ol class="themes">
        {report.items.slice(0, 10).map((item) => (
          <li key={item.keywords.join(' ')}>
            <a href={href('/inbox', item.drill)} aria-label={`${item.keywords.join(', ')}: ${formatNumber(item.count)}, ${trendName[item.trend]} — ${t.openInbox}`}>
              <span class="theme-name">{item.keywords.join(' · ')}</span>
              <svg class="theme-bar" viewBox="0 0 100 8" aria-hidden="true" preserveAspectRatio="none">
                <rect x={0} y={0} width={(100 * item.count) / max} height={8} rx={2} />
              </svg>
              <span class="theme-count">{formatNumber(item.count)}</span>
              <span class={`theme-trend trend-${item.trend}`}>
                {trendName[item.trend]} · {t.thisWeek(formatNumber(item.thisWeek))}
              </span>
            </a>
          </li>
        ))}
      </ol>
      <p class="note">{t.themesNote(formatNumber(report.corpus))}</p>
    </>
  );
}
