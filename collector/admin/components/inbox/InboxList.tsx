import type { InboxItem } from '../../../../shared/schema/inbox.ts';
import { inboxTexts } from '../../i18n/inbox.ts';
import { formatTime, texts } from '../../i18n/locale.ts';
import { canWrite, items, openId, selected, selectAll, toggleSelected } from '../../models/inbox.ts';
import { Badges } from './Badges.tsx';

function summary(item: InboxItem, fallback: string): string {
  return item.text ?? (item.score !== null ? `${item.scale ?? ''} ${item.score}`.trim() : fallback);
}

/** j / k (or the arrow keys) move between rows; Enter on a row opens it. */
function moveFocus(e: KeyboardEvent): void {
  const forward = e.key === 'j' || e.key === 'ArrowDown';
  const back = e.key === 'k' || e.key === 'ArrowUp';
  if (!forward && !back) return;
  const target = e.target as HTMLElement;
  if (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox') return;
  const rows = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('.response-open')];
  const at = rows.findIndex((r) => r.contains(target) || r.parentElement?.contains(target));
  const next = rows[Math.min(rows.length - 1, Math.max(0, at + (forward ? 1 : -1)))];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

function Row({ item, onOpen }: { item: InboxItem; onOpen: (id: string) => void }) {
  const t = texts(inboxTexts);
  const text = summary(item, t.noText);
  const isOpen = openId.value === item.id;
  return (
    <li class={`response${isOpen ? ' is-open' : ''}${selected.value.has(item.id) ? ' is-selected' : ''}`} data-id={item.id}>
      {canWrite.value && (
        <input
          type="checkbox"
          class="response-check"
          aria-label={t.select(text.slice(0, 60))}
          checked={selected.value.has(item.id)}
          onChange={(e) => toggleSelected(item.id, e.currentTarget.checked)}
        />
      )}
      <button type="button" class="response-open" aria-expanded={isOpen} aria-controls="inbox-detail" onClick={() => onOpen(item.id)}>
        <span class="meta">
          <span class={`badge badge-${item.category ?? item.kind}`}>{t.typeName(item.category ?? item.kind)}</span>
          <time dateTime={new Date(item.receivedAt).toISOString()}>{formatTime(item.receivedAt)}</time>
          <span class="device">
            {t.deviceName(item.device)} · {t.browserName(item.browser)}
          </span>
          {item.pageUrl && <span class="page">{item.pageTitle || item.pageUrl}</span>}
        </span>
        {/* Customer text is a text node, never markup. */}
        <span class="text">{text}</span>
        <Badges item={item} />
      </button>
    </li>
  );
}

export function InboxList({ onOpen }: { onOpen: (id: string) => void }) {
  const t = texts(inboxTexts);
  const all = items.value;
  const allSelected = all.length > 0 && all.every((i) => selected.value.has(i.id));
  return (
    <div class="inbox-list">
      {canWrite.value && all.length > 0 && (
        <label class="inbox-select-all">
          <input type="checkbox" checked={allSelected} onChange={(e) => selectAll(e.currentTarget.checked)} />
          {t.selectAll}
        </label>
      )}
      <ul class="responses" aria-label={t.list} onKeyDown={moveFocus}>
        {all.map((item) => (
          <Row key={item.id} item={item} onOpen={onOpen} />
        ))}
      </ul>
    </div>
  );
}
