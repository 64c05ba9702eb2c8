import type { InboxItem } from '../../../../shared/schema/inbox.ts';
import { inboxTexts } from '../../i18n/inbox.ts';
import { texts } from '../../i18n/locale.ts';

/** Rating, sentiment, priority, status, duplicates, spam and tags of one response, as small labels. */
export function Badges({ item }: { item: InboxItem }) {
  const t = texts(inboxTexts);
  const level = item.priority >= 60 ? 'high' : item.priority >= 30 ? 'mid' : 'low';
  return (
    <span class="chips">
      {item.score !== null && (
        <span class="chip chip-score" title={t.score}>
          {item.scale ? `${item.scale.toUpperCase()} ` : ''}
          {item.score}
        </span>
      )}
      {item.sentimentLabel && <span class={`chip chip-sentiment-${item.sentimentLabel}`}>{t[item.sentimentLabel]}</span>}
      {/* A text stored while the collector was saturated gets its analysis moments later (services/analysis-catch-up.ts). */}
      {!item.sentimentLabel && item.text && (
        <span class="chip chip-unanalysed" title={t.unanalysedHint}>
          {t.unanalysed}
        </span>
      )}
      <span class={`chip chip-priority-${level}`}>{t.priority(item.priority)}</span>
      <span class={`chip chip-status chip-status-${item.status}`}>{t[item.status]}</span>
      {item.collapsed && item.duplicateCount !== null && <span class="chip chip-dupes">{t.duplicates(item.duplicateCount)}</span>}
      {item.spamScore >= 0.5 && <span class="chip chip-spam">{t.spamBadge}</span>}
      {item.tags.map((tag) => (
        <span key={`${tag.source}:${tag.tag}`} class={`chip chip-tag chip-tag-${tag.source}`}>
          #{tag.tag}
        </span>
      ))}
    </span>
  );
}
