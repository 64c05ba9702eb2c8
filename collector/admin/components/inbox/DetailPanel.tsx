import { useRef, useState } from 'preact/hooks';
import type { AnsweredQuestion, InboxActivity, InboxDetail } from '../../../../shared/schema/inbox.ts';
import { RESPONSE_STATUSES } from '../../../../shared/schema/inbox-query.ts';
import { inboxTexts } from '../../i18n/inbox.ts';
import { formatNumber, formatTime, locale, texts } from '../../i18n/locale.ts';
import {
  actionError,
  addNote,
  addTag,
  assigneeList,
  canWrite,
  detail,
  detailError,
  openId,
  removeTag,
  setAssignee,
  setFilter,
  setStatus,
} from '../../models/inbox.ts';
import { useFocusAfterRemoval } from '../focus-after-removal.ts';
import { Badges } from './Badges.tsx';

type T = (typeof inboxTexts)['en'];

const wording = (text: { en: string; 'zh-CN'?: string }) => (locale.value === 'zh-CN' && text['zh-CN']) || text.en;

function answerText(a: AnsweredQuestion['answer']): string {
  if (a === null) return '—';
  if (Array.isArray(a)) return a.map(wording).join(', ');
  if (typeof a === 'object') return wording(a);
  return String(a);
}

function activityLine(a: InboxActivity, t: T, emailOf: (id: string | null) => string): string {
  const who = a.actorEmail ?? t.someone;
  const statusName = (s: string | null) => (s && s in t ? (t[s as 'new'] as string) : (s ?? ''));
  switch (a.kind) {
    case 'status':
      return t.actStatus(who, statusName(a.from), statusName(a.to));
    case 'assignee':
      return a.to ? t.actAssignee(who, emailOf(a.to)) : t.actUnassigned(who);
    case 'tag_added':
      return t.actTagAdded(who, a.to ?? '');
    case 'tag_removed':
      return t.actTagRemoved(who, a.from ?? '');
    case 'note':
      return t.actNote(who);
  }
}

function Controls({ siteId, d }: { siteId: string; d: InboxDetail }) {
  const t = texts(inboxTexts);
  const item = d.item;
  const [tag, setTag] = useState('');
  return (
    <div class="detail-controls">
      <label class="inbox-field">
        <span>{t.status}</span>
        <select name="status" value={item.status} onChange={(e) => void setStatus(siteId, item.id, e.currentTarget.value)}>
          {RESPONSE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t[s]}
            </option>
          ))}
        </select>
      </label>
      <label class="inbox-field">
        <span>{t.assignee}</span>
        <select name="assignee" value={item.assigneeId ?? ''} onChange={(e) => void setAssignee(siteId, item.id, e.currentTarget.value || null)}>
          <option value="">{t.unassigned}</option>
          {assigneeList.value.map((a) => (
            <option key={a.id} value={a.id}>
              {a.email}
            </option>
          ))}
        </select>
      </label>
      <form
        class="detail-add-tag"
        onSubmit={(e) => {
          e.preventDefault();
          if (!tag.trim()) return;
          void addTag(siteId, item.id, tag.trim());
          setTag('');
        }}
      >
        <label class="inbox-field">
          <span>{t.addTag}</span>
          <input name="tag" value={tag} maxLength={64} onInput={(e) => setTag(e.currentTarget.value)} />
        </label>
        <button type="submit">{t.add}</button>
      </form>
    </div>
  );
}

function Notes({ siteId, d }: { siteId: string; d: InboxDetail }) {
  const t = texts(inboxTexts);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="detail-notes">
      <h3 id="detail-notes">{t.notes}</h3>
      {d.notes.length === 0 ? (
        <p class="empty">{t.noNotes}</p>
      ) : (
        <ul class="detail-notes">
          {d.notes.map((n) => (
            <li key={n.id}>
              <span class="meta">
                {n.authorEmail ?? t.someone} · <time dateTime={new Date(n.createdAt).toISOString()}>{formatTime(n.createdAt)}</time>
              </span>
              <p class="text">{n.text}</p>
            </li>
          ))}
        </ul>
      )}
      {canWrite.value && (
        <form
          class="detail-note-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            setBusy(true);
            if (await addNote(siteId, d.item.id, text.trim())) setText('');
            setBusy(false);
          }}
        >
          <label>
            <span class="visually-hidden">{t.addNote}</span>
            <textarea name="note" rows={3} maxLength={5000} placeholder={t.notePlaceholder} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={busy || !text.trim()}>
            {t.addNote}
          </button>
        </form>
      )}
    </section>
  );
}

export function DetailPanel({ siteId, onClose }: { siteId: string; onClose: () => void }) {
  const t = texts(inboxTexts);
  const d = detail.value;
  const root = useRef<HTMLElement>(null);
  // A removed tag's chip takes its focused × along: focus the next chip's ×, else the previous
  // one's, else the add-tag field.
  const refocus = useFocusAfterRemoval(
    (tag) => [...(root.current?.querySelectorAll<HTMLElement>('.chip-remove') ?? [])].find((b) => b.dataset.tag === tag) ?? null,
    () => root.current?.querySelector<HTMLInputElement>('.detail-add-tag input[name=tag]') ?? null,
  );
  if (!openId.value) {
    return (
      <aside id="inbox-detail" class="inbox-detail" aria-label={t.detail}>
        <p class="empty">{t.pickOne}</p>
      </aside>
    );
  }
  if (!d || d.item.id !== openId.value) {
    return (
      <aside id="inbox-detail" class="inbox-detail" aria-label={t.detail} aria-busy="true">
        <p class="error" role="alert">
          {detailError.value}
        </p>
        {!detailError.value && <p class="status">{t.loading}</p>}
      </aside>
    );
  }
  const item = d.item;
  const emailOf = (id: string | null) => assigneeList.value.find((a) => a.id === id)?.email ?? id ?? '';
  return (
    <aside id="inbox-detail" class="inbox-detail" aria-labelledby="detail-title" tabIndex={-1} ref={root}>
      <div class="detail-head">
        <h2 id="detail-title">
          {t.detail} <span class={`badge badge-${item.category ?? item.kind}`}>{t.typeName(item.category ?? item.kind)}</span>
        </h2>
        <button type="button" onClick={onClose}>
          {t.close}
        </button>
      </div>
      <Badges item={item} />
      {item.text && <p class="detail-text">{item.text}</p>}
      {d.questions.length > 0 && (
        <section aria-labelledby="detail-answers">
          <h3 id="detail-answers">
            {t.answers}
            {d.surveyName ? ` · ${d.surveyName}` : ''}
          </h3>
          <dl class="detail-answers">
            {d.questions.map((q) => (
              <div key={q.id}>
                <dt>{wording(q.text)}</dt>
                <dd>{answerText(q.answer)}</dd>
                {q.why && (
                  <dd class="why">
                    {t.why}: {q.why}
                  </dd>
                )}
              </div>
            ))}
          </dl>
        </section>
      )}
      {item.duplicateCount !== null && item.duplicateCount > 1 && item.duplicateClusterId !== null && (
        <button type="button" class="link" onClick={() => setFilter('cluster', String(item.duplicateClusterId))}>
          {t.showCopies(item.duplicateCount)}
        </button>
      )}
      {canWrite.value ? <Controls siteId={siteId} d={d} /> : <p class="empty">{t.readOnly}</p>}
      <p class="error" role="alert">
        {actionError.value}
      </p>
      {item.tags.length > 0 && (
        <ul class="detail-tags" aria-label={t.tags}>
          {item.tags.map((tag) => (
            <li key={`${tag.source}:${tag.tag}`} class={`chip chip-tag chip-tag-${tag.source}`}>
              #{tag.tag}
              {tag.source === 'auto' && <small> ({t.autoTag})</small>}
              {tag.source === 'manual' && canWrite.value && (
                <button
                  type="button"
                  class="chip-remove"
                  data-tag={tag.tag}
                  aria-label={t.removeTag(tag.tag)}
                  onClick={() => {
                    const removable = item.tags.filter((x) => x.source === 'manual').map((x) => x.tag);
                    const at = removable.indexOf(tag.tag);
                    refocus.expect(tag.tag, [removable[at + 1], removable[at - 1]]);
                    void removeTag(siteId, item.id, tag.tag).then(() => {
                      if (detail.value?.item.tags.some((x) => x.source === 'manual' && x.tag === tag.tag)) refocus.cancel();
                    });
                  }}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="detail-context">
        <h3 id="detail-context">{t.context}</h3>
        <dl class="detail-facts">
          <dt>{t.received}</dt>
          <dd>{formatTime(item.receivedAt)}</dd>
          {item.pageUrl && (
            <>
              <dt>{t.pageLabel}</dt>
              <dd class="page-url">{item.pageTitle ? `${item.pageTitle} — ${item.pageUrl}` : item.pageUrl}</dd>
            </>
          )}
          <dt>{t.user}</dt>
          <dd>{item.userId ?? t.anonymous}</dd>
          {item.email && (
            <>
              <dt>{t.email}</dt>
              <dd>{item.email}</dd>
            </>
          )}
          <dt>{t.deviceLabel}</dt>
          <dd>
            {t.deviceName(item.device)} · {t.browserName(item.browser)} · {t.osName(item.os)}
          </dd>
          {item.locale && (
            <>
              <dt>{t.locale}</dt>
              <dd>{item.locale}</dd>
            </>
          )}
          {d.attributes && Object.keys(d.attributes).length > 0 && (
            <>
              <dt>{t.attributes}</dt>
              <dd>
                {Object.entries(d.attributes)
                  .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                  .join(', ')}
              </dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="detail-analysis">
        <h3 id="detail-analysis">{t.analysis}</h3>
        <dl class="detail-facts">
          {item.sentiment !== null && (
            <>
              <dt>{t.sentiment}</dt>
              <dd>
                {item.sentimentLabel ? t[item.sentimentLabel] : ''} ({formatNumber(item.sentiment, 2)})
              </dd>
            </>
          )}
          {item.keywords.length > 0 && (
            <>
              <dt>{t.keywords}</dt>
              <dd>{item.keywords.join(', ')}</dd>
            </>
          )}
          <dt>{t.priorityWhy}</dt>
          <dd>{item.priorityReasons.map((r) => `${t.reason(r.code)} ${r.points > 0 ? '+' : ''}${formatNumber(r.points)}`).join(' · ') || '—'}</dd>
          {item.spamReasons.length > 0 && (
            <>
              <dt>{t.spamWhy}</dt>
              <dd>{item.spamReasons.map(t.reason).join(', ')}</dd>
            </>
          )}
        </dl>
      </section>
      <Notes siteId={siteId} d={d} />
      <section aria-labelledby="detail-activity">
        <h3 id="detail-activity">{t.activity}</h3>
        {d.activity.length === 0 ? (
          <p class="empty">{t.noActivity}</p>
        ) : (
          <ol class="detail-activity">
            {d.activity.map((a) => (
              <li key={a.id}>
                <time dateTime={new Date(a.at).toISOString()}>{formatTime(a.at)}</time> {activityLine(a, t, emailOf)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
