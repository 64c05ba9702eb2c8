import { useState } from 'preact/hooks';
import { RESPONSE_STATUSES } from '../../../../shared/schema/inbox-query.ts';
import { inboxTexts } from '../../i18n/inbox.ts';
import { texts } from '../../i18n/locale.ts';
import { actionMessage, assigneeList, bulk, selectAll, selected } from '../../models/inbox.ts';

/** Appears while rows are selected: one change for all of them, in one request. */
export function BulkBar({ siteId }: { siteId: string }) {
  const t = texts(inboxTexts);
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const count = selected.value.size;
  if (count === 0) return null;
  const run = async (change: Parameters<typeof bulk>[1]) => {
    setBusy(true);
    const done = await bulk(siteId, change);
    setBusy(false);
    if (done) actionMessage.value = t.bulkDone(done.ok, done.failed);
  };
  return (
    <div class="inbox-bulk" role="region" aria-label={t.selected(count)}>
      <strong>{t.selected(count)}</strong>
      <label>
        <span class="visually-hidden">{t.bulkStatus}</span>
        <select
          disabled={busy}
          value=""
          onChange={(e) => {
            const status = e.currentTarget.value;
            if (status) void run({ status });
          }}
        >
          <option value="">{t.bulkStatus}</option>
          {RESPONSE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="visually-hidden">{t.bulkAssign}</span>
        <select
          disabled={busy}
          value=""
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value) void run({ assigneeId: value === 'none' ? null : value });
          }}
        >
          <option value="">{t.bulkAssign}</option>
          <option value="none">{t.unassigned}</option>
          {assigneeList.value.map((a) => (
            <option key={a.id} value={a.id}>
              {a.email}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="visually-hidden">{t.bulkTag}</span>
        <input value={tag} maxLength={64} placeholder={t.bulkTag} onInput={(e) => setTag(e.currentTarget.value)} />
      </label>
      <button type="button" disabled={busy || !tag.trim()} onClick={() => void run({ addTags: [tag.trim()] })}>
        {t.bulkAddTag}
      </button>
      <button type="button" disabled={busy || !tag.trim()} onClick={() => void run({ removeTags: [tag.trim()] })}>
        {t.bulkRemoveTag}
      </button>
      <button type="button" onClick={() => selectAll(false)}>
        {t.clearSelection}
      </button>
    </div>
  );
}
