import { useEffect, useRef } from 'preact/hooks';
import type { TagReapplyStatus } from '../../../shared/schema/admin-api.ts';
import { formatNumber, formatTime, texts } from '../i18n/locale.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { useFocusAfterRemoval } from './focus-after-removal.ts';
import { tagRuleTexts } from '../i18n/tag-rules.ts';
import { session } from '../models/session.ts';
import { siteId } from '../models/sites.ts';
import {
  addRule,
  fieldErrors,
  loadError,
  loadRules,
  pollError,
  reapply,
  reapplyPending,
  removeRule,
  ruleStatus,
  rules,
  rulesFor,
  stopPolling,
} from '../models/tag-rules.ts';
import '../styles/tag-rules.css';

/**
 * The current site's auto-tag rules: the list, and for admins an add form and a delete button per
 * rule, with the progress of re-tagging the site's old responses after each change.
 */
export function TagRulesPanel() {
  const t = texts(tagRuleTexts);
  const id = siteId.value;
  const isAdmin = session.value?.user.role === 'admin';
  const root = useRef<HTMLDivElement>(null);
  // A deleted rule's row takes its focused Delete button along: focus the next rule's, else the
  // previous one's, else the pattern field.
  const refocus = useFocusAfterRemoval(
    (ruleId) => {
      const row = [...(root.current?.querySelectorAll<HTMLElement>('tr[data-rule-id]') ?? [])].find((tr) => tr.dataset.ruleId === ruleId);
      return row?.querySelector('button') ?? null;
    },
    () => root.current?.querySelector<HTMLInputElement>('input[name=pattern]') ?? null,
  );
  useEffect(() => {
    if (id) void loadRules(id);
    return stopPolling;
  }, [id]);
  if (!id) return null;
  const loaded = rulesFor.value === id;
  const busy = ruleStatus.busy.value;
  return (
    <div class="tag-rules" ref={root}>
      <p class="muted">{t.intro}</p>
      <p class="muted small" id="tag-rule-matching">
        {t.howItMatches}
      </p>
      {!isAdmin && <p class="note">{t.readOnly}</p>}

      {loadError.value ? (
        <p class="error" role="alert">
          {t.loadFailed(loadError.value)}{' '}
          <button type="button" onClick={() => void loadRules(id)}>
            {t.retry}
          </button>
        </p>
      ) : !loaded ? (
        <p class="muted" role="status">
          {t.loading}
        </p>
      ) : rules.value.length === 0 ? (
        <p class="empty">{isAdmin ? t.noneAdmin : t.none}</p>
      ) : (
        <table class="grid tag-rule-list">
          <thead>
            <tr>
              <th scope="col">{t.colPattern}</th>
              <th scope="col">{t.colTag}</th>
              <th scope="col">{t.colCreated}</th>
              {isAdmin && (
                <th scope="col">
                  <span class="visually-hidden">{t.remove}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rules.value.map((rule, i, all) => (
              <tr key={rule.id} data-rule-id={rule.id}>
                <td>
                  <span class="tag-rule-pattern">{rule.pattern}</span>{' '}
                  <span class="muted" aria-hidden="true">
                    {t.arrow}
                  </span>
                </td>
                <td>
                  <span class="badge tag-rule-tag">{rule.tag}</span>
                </td>
                <td>{formatTime(rule.createdAt)}</td>
                {isAdmin && (
                  <td class="actions">
                    <ConfirmButton
                      danger
                      disabled={busy !== null}
                      label={t.removeLabel(rule.pattern, rule.tag)}
                      question={t.removeConfirm(rule.pattern, rule.tag)}
                      onConfirm={() => {
                        refocus.expect(rule.id, [all[i + 1]?.id, all[i - 1]?.id]);
                        void removeRule(id, rule).then(() => {
                          if (rules.value.some((r) => r.id === rule.id)) refocus.cancel();
                        });
                      }}
                    >
                      {busy === `remove:${rule.id}` ? t.removing : t.remove}
                    </ConfirmButton>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <ReapplyProgress status={reapply.value} pending={reapplyPending.value} />
      <p class="error" role="alert">
        {pollError.value && t.pollFailed(pollError.value)}
      </p>

      {isAdmin && <AddRuleForm siteId={id} />}
    </div>
  );
}

/** The background re-tagging: a progress bar while it runs, the outcome once it is done. */
export function ReapplyProgress({ status, pending }: { status: TagReapplyStatus | null; pending: boolean }) {
  const t = texts(tagRuleTexts);
  // A run reports total 0 until it has counted the site's responses: "0 of 0" would read as done.
  const starting = pending || (status?.state === 'running' && status.total === 0 && status.done === 0);
  const running = !starting && status?.state === 'running';
  let message = '';
  if (starting) {
    message = t.starting;
  } else if (status && running) {
    message = t.running(formatNumber(status.done), formatNumber(status.total), formatNumber(status.changed));
  } else if (status && status.finishedAt !== null) {
    message = t.finished(formatNumber(status.total), formatNumber(status.changed), formatTime(status.finishedAt));
  }
  return (
    <div class="tag-reapply">
      {starting && <progress aria-label={t.progressLabel} />}
      {running && (
        // max 0 would draw an indeterminate bar; an empty site is done at once anyway.
        <progress max={Math.max(status.total, 1)} value={Math.min(status.done, Math.max(status.total, 1))} aria-label={t.progressLabel} />
      )}
      <p class="tag-reapply-text">{message}</p>
      {/* Screen readers hear when a run starts and how it ended, not every second's count (the
          bar holds the count for whoever asks). Always in the tree, so each change is heard. */}
      <p class="visually-hidden" aria-live="polite">
        {starting || running ? t.starting : message}
      </p>
    </div>
  );
}

function AddRuleForm({ siteId: id }: { siteId: string }) {
  const t = texts(tagRuleTexts);
  const patternRef = useRef<HTMLInputElement>(null);
  const tagRef = useRef<HTMLInputElement>(null);
  const errors = fieldErrors.value;
  const busy = ruleStatus.busy.value;
  return (
    <form
      class="tag-rule-form"
      aria-labelledby="tag-rule-add-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        void addRule(id, { pattern: String(data.get('pattern') ?? ''), tag: String(data.get('tag') ?? '') }).then((result) => {
          if (result.ok) {
            form.reset();
            patternRef.current?.focus();
          } else if (result.badField === 'pattern') patternRef.current?.focus();
          else if (result.badField === 'tag') tagRef.current?.focus();
        });
      }}
    >
      <h3 id="tag-rule-add-heading">{t.addHeading}</h3>
      <div class="tag-rule-fields">
        <label>
          {t.pattern}
          <input
            ref={patternRef}
            name="pattern"
            maxLength={200}
            placeholder={t.patternPlaceholder}
            autocomplete="off"
            aria-invalid={errors.pattern ? 'true' : undefined}
            aria-describedby={errors.pattern ? 'tag-rule-pattern-error tag-rule-matching' : 'tag-rule-matching'}
          />
          <span id="tag-rule-pattern-error" class="error field-error">
            {errors.pattern ?? ''}
          </span>
        </label>
        <label>
          {t.tag}
          <input
            ref={tagRef}
            name="tag"
            maxLength={64}
            placeholder={t.tagPlaceholder}
            autocomplete="off"
            aria-invalid={errors.tag ? 'true' : undefined}
            aria-describedby={errors.tag ? 'tag-rule-tag-error' : undefined}
          />
          <span id="tag-rule-tag-error" class="error field-error">
            {errors.tag ?? ''}
          </span>
        </label>
        <div class="tag-rule-submit">
          <button type="submit" disabled={busy !== null}>
            {busy === 'add' ? t.adding : t.add}
          </button>
        </div>
      </div>
      <p class="error" role="alert">
        {Object.keys(errors).length > 0 ? '' : ruleStatus.error.value}
      </p>
      <p class="status-line" role="status">
        {ruleStatus.notice.value}
      </p>
    </form>
  );
}
