import { signal } from '@preact/signals';
import { holdsLetterOrDigit, normalizeText } from '../../../shared/normalize-text.ts';
import type { TagReapplyStatus, TagRuleCreated, TagRuleItem, TagRuleList } from '../../../shared/schema/admin-api.ts';
import { ApiError, api } from '../api.ts';
import { texts } from '../i18n/locale.ts';
import { tagRuleTexts } from '../i18n/tag-rules.ts';
import { actionStatus, errorText } from './action-status.ts';

/** The current site's tag rules and the background re-application they start (Sites page). */
export const rules = signal<TagRuleItem[]>([]);
/** The site `rules` belong to; '' until the first load, so a switch shows "loading", not stale rules. */
export const rulesFor = signal('');
export const loadError = signal('');
export const reapply = signal<TagReapplyStatus | null>(null);
/**
 * True from a rule change until the first progress answer after it: the change's own answer may
 * still carry the previous run's status, since the server starts the new run just after replying.
 */
export const reapplyPending = signal(false);
/** Set when polling the progress fails; the run itself goes on server-side. */
export const pollError = signal('');
/** Add and delete: busy flag, notice and error for the panel's live regions. */
export const ruleStatus = actionStatus();
/** The add form's per-field problems, from a 422's issues. */
export const fieldErrors = signal<Partial<Record<'pattern' | 'tag', string>>>({});

/** How often the panel asks for the re-application's progress while it runs. */
export const POLL_MS = 1000;

const path = (siteId: string) => `/sites/${encodeURIComponent(siteId)}/tag-rules`;

// Each load or stopPolling() bumps this, so the answer of an older poll (another site, an
// unmounted panel) is dropped instead of overwriting newer state.
let generation = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

export function stopPolling(): void {
  generation++;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

/** Shows `status` and, while it runs (or right after a change of ours), asks again in POLL_MS. */
function follow(siteId: string, status: TagReapplyStatus, afterChange = false): void {
  reapply.value = status;
  reapplyPending.value = afterChange && status.state !== 'running';
  if (status.state !== 'running' && !afterChange) return;
  const mine = generation;
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    void api<TagReapplyStatus>('GET', `${path(siteId)}/reapply`).then(
      (next) => {
        if (mine !== generation) return;
        pollError.value = '';
        follow(siteId, next);
      },
      (err: unknown) => {
        if (mine !== generation) return;
        pollError.value = errorText(err);
        // Keep trying: a dropped request should not freeze the progress for good.
        follow(siteId, status, afterChange);
      },
    );
  }, POLL_MS);
}

export async function loadRules(siteId: string): Promise<void> {
  stopPolling();
  const mine = generation;
  loadError.value = '';
  pollError.value = '';
  fieldErrors.value = {};
  ruleStatus.notice.value = '';
  ruleStatus.error.value = '';
  if (rulesFor.value !== siteId) {
    rules.value = [];
    reapply.value = null;
    reapplyPending.value = false;
    rulesFor.value = '';
  }
  try {
    const list = await api<TagRuleList>('GET', path(siteId));
    if (mine !== generation) return;
    rules.value = list.items;
    rulesFor.value = siteId;
    follow(siteId, list.reapply);
  } catch (err) {
    if (mine !== generation) return;
    loadError.value = errorText(err);
  }
}

/**
 * Why the server refused a pattern, told by the server's own rule (TagRuleBodySchema): one of a
 * fitting length that normalises to no letter or digit (e.g. "!!!") would never match anything.
 */
function patternProblem(pattern: string, t: (typeof tagRuleTexts)['en']): string {
  const trimmed = pattern.trim();
  const fits = trimmed.length >= 1 && trimmed.length <= 200;
  return fits && !holdsLetterOrDigit(normalizeText(trimmed)) ? t.patternNoLetters : t.patternInvalid;
}

/**
 * Adds a rule; on a 422 the fields' problems land in `fieldErrors` and the first bad field's
 * name is returned, so the form can move focus there.
 */
export async function addRule(siteId: string, body: { pattern: string; tag: string }): Promise<{ ok: boolean; badField?: 'pattern' | 'tag' }> {
  const t = texts(tagRuleTexts);
  fieldErrors.value = {};
  let badField: 'pattern' | 'tag' | undefined;
  const created = await ruleStatus.run(
    'add',
    async () => {
      try {
        return await api<TagRuleCreated>('POST', path(siteId), body);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'validation_failed') {
          const errors: Partial<Record<'pattern' | 'tag', string>> = {};
          for (const issue of err.issues) {
            const field = issue.path.split('.')[0];
            if (field === 'pattern') errors.pattern = patternProblem(body.pattern, t);
            else if (field === 'tag') errors.tag = t.tagInvalid;
          }
          fieldErrors.value = errors;
          badField = errors.pattern ? 'pattern' : errors.tag ? 'tag' : undefined;
        }
        throw err;
      }
    },
    (rule) => (rules.value.some((r) => r.id === rule.id) ? t.alreadyThere(rule.pattern, rule.tag) : t.added(rule.pattern, rule.tag)),
  );
  if (!created) return { ok: false, badField };
  if (rulesFor.value === siteId) {
    const { reapply: status, ...rule } = created;
    // The same pattern and tag again answers the existing rule and starts no run.
    const existed = rules.value.some((r) => r.id === rule.id);
    if (!existed) rules.value = [...rules.value, rule];
    follow(siteId, status, !existed);
  }
  return { ok: true };
}

export async function removeRule(siteId: string, rule: TagRuleItem): Promise<boolean> {
  const t = texts(tagRuleTexts);
  let gone = false;
  const done = await ruleStatus.run(
    `remove:${rule.id}`,
    async () => {
      try {
        await api('DELETE', `${path(siteId)}/${encodeURIComponent(rule.id)}`);
      } catch (err) {
        // Already deleted elsewhere: say so, and show the list as it is now.
        if (err instanceof ApiError && err.status === 404 && err.code === 'not_found') gone = true;
        throw err;
      }
      return true;
    },
    () => t.removed(rule.pattern, rule.tag),
  );
  if (gone) {
    await loadRules(siteId);
    ruleStatus.error.value = t.err_not_found;
    return false;
  }
  if (!done) return false;
  if (rulesFor.value === siteId) {
    rules.value = rules.value.filter((r) => r.id !== rule.id);
    // DELETE answers 204 without a body: ask how the re-application it started is doing.
    try {
      follow(siteId, await api<TagReapplyStatus>('GET', `${path(siteId)}/reapply`), true);
    } catch (err) {
      pollError.value = errorText(err);
      if (reapply.value) follow(siteId, reapply.value, true);
    }
  }
  return true;
}
