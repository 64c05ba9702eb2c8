import { batch, computed, signal } from '@preact/signals';
import * as v from 'valibot';
import type { FieldIssue } from '../../../shared/schema/errors.ts';
import type { Theme } from '../../../shared/schema/site-config.ts';
import {
  type PublishedSurvey,
  SURVEY_STATUSES,
  type SurveyDefinition,
  SurveyInputSchema,
  type SurveyVersionItem,
  surveyProblems,
} from '../../../shared/schema/survey.ts';
import { ApiError, api } from '../api.ts';
import { locale } from '../i18n/locale.ts';
import { type SurveyKind, template } from '../components/surveys/templates.ts';

/**
 * The surveys page's state: the site's surveys, and the one draft being edited with its
 * validation (the same valibot schema and cross-field checks the collector runs), its saved
 * baseline (for the unsaved-changes warning) and its version history.
 */

export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** One problem with the draft, at a valibot dot path such as `questions.0.text.en`. */
export interface Problem {
  path: string;
  message: string;
  /** The valibot issue type (min_length, regex …) when found in the browser, to word it per language. */
  type?: string;
  expected?: string | null;
}

export const surveys = signal<PublishedSurvey[]>([]);
export const listLoading = signal(false);
export const listError = signal('');
/** The site's widget theme, so the preview looks like the real thing. */
export const siteTheme = signal<Theme | undefined>(undefined);

/** What is open in the editor: a saved survey (surveyId) or a new one from a template. */
export const editing = signal<{ siteId: string; surveyId?: string; version?: number; status: SurveyStatus } | null>(null);
export const draft = signal<SurveyDefinition | null>(null);
const baseline = signal('');
export const dirty = computed(() => draft.value !== null && JSON.stringify(draft.value) !== baseline.value);
/** Problems are shown from the first save attempt on, then follow every edit. */
export const showProblems = signal(false);
export const saving = signal(false);
export const saveResult = signal<{ ok: true; version: number } | { ok: false; message: string } | null>(null);
const serverProblems = signal<FieldIssue[]>([]);
export const versions = signal<SurveyVersionItem[]>([]);
export const statusNotice = signal<{ name: string; status: SurveyStatus } | null>(null);

/** The draft checked exactly as the collector will check it; `output` is what the widget would get. */
export function checkDraft(def: SurveyDefinition): { output?: SurveyDefinition; problems: Problem[] } {
  const parsed = v.safeParse(SurveyInputSchema, def);
  if (!parsed.success) {
    return {
      problems: parsed.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message, type: i.type, expected: i.expected })),
    };
  }
  const cross = surveyProblems(parsed.output).map((p) => ({ path: p.split(':')[0]!, message: p.slice(p.indexOf(':') + 1).trim() }));
  return cross.length ? { problems: cross } : { output: parsed.output, problems: [] };
}

export const checked = computed(() => (draft.value ? checkDraft(draft.value) : { problems: [] as Problem[] }));

/** Problems to show: the browser's own check, plus what the server said on the last save. */
export const problems = computed<Problem[]>(() => {
  if (!showProblems.value) return [];
  const local = checked.value.problems;
  const known = new Set(local.map((p) => p.path));
  return [...local, ...serverProblems.value.filter((p) => !known.has(p.path))];
});

export function problemAt(path: string): Problem | undefined {
  return problems.value.find((p) => p.path === path);
}

export async function loadSurveys(siteId: string): Promise<void> {
  if (!siteId) return;
  listLoading.value = true;
  listError.value = '';
  try {
    const [list, settings] = await Promise.all([
      api<{ items: PublishedSurvey[] }>('GET', `/sites/${encodeURIComponent(siteId)}/surveys`),
      api<{ theme: Theme }>('GET', `/sites/${encodeURIComponent(siteId)}/settings`).catch(() => undefined),
    ]);
    surveys.value = list.items;
    siteTheme.value = settings?.theme;
  } catch (err) {
    listError.value = err instanceof ApiError ? err.message : String(err);
  } finally {
    listLoading.value = false;
  }
}

/** The editable part of a published survey (its id and version are not the form's business). */
function definitionOf(survey: PublishedSurvey): SurveyDefinition {
  const { id: _id, version: _version, ...def } = survey;
  return structuredClone(def);
}

function openDraft(next: SurveyDefinition, target: NonNullable<typeof editing.value>): void {
  batch(() => {
    editing.value = target;
    draft.value = next;
    baseline.value = JSON.stringify(next);
    showProblems.value = false;
    serverProblems.value = [];
    saveResult.value = null;
    statusNotice.value = null;
    versions.value = [];
    previewRecords.value = [];
  });
  lastValid = undefined;
}

export function startNew(siteId: string, kind: SurveyKind): void {
  const def = template(kind);
  openDraft(def, { siteId, status: def.status });
}

export function openSurvey(siteId: string, survey: PublishedSurvey): void {
  openDraft(definitionOf(survey), { siteId, surveyId: survey.id, version: survey.version, status: survey.status });
  void loadVersions(siteId, survey.id);
}

export function closeEditor(): void {
  batch(() => {
    editing.value = null;
    draft.value = null;
    baseline.value = '';
  });
}

export function setDraft(next: SurveyDefinition): void {
  draft.value = next;
}

export async function loadVersions(siteId: string, surveyId: string): Promise<void> {
  try {
    const { items } = await api<{ items: SurveyVersionItem[] }>('GET', `/sites/${encodeURIComponent(siteId)}/surveys/${encodeURIComponent(surveyId)}/versions`);
    if (editing.value?.surveyId === surveyId) versions.value = items;
  } catch {
    // The history is a help, not a must: the editor works without it.
  }
}

/** Checks, then creates (version 1) or saves a new version. Returns the saved survey, if saved. */
export async function saveDraft(): Promise<PublishedSurvey | undefined> {
  const target = editing.value;
  const current = draft.value;
  if (!target || !current || saving.value) return undefined;
  showProblems.value = true;
  serverProblems.value = [];
  saveResult.value = null;
  if (checkDraft(current).problems.length) return undefined;
  saving.value = true;
  try {
    // An edit sends no status: the survey keeps the one it has on the server, so a pause or an
    // archive made meanwhile (here or in another admin's session) is not undone by saving wording.
    const { status: _formStatus, ...edit } = current;
    const body = target.surveyId ? edit : current;
    const base = `/sites/${encodeURIComponent(target.siteId)}/surveys`;
    // The version this draft was made on: a save over a version another admin saved since is
    // refused (409 survey_changed) instead of silently undoing theirs; the draft stays here.
    const saved = target.surveyId
      ? await api<PublishedSurvey>('PUT', `${base}/${encodeURIComponent(target.surveyId)}`, body, target.version === undefined ? {} : { 'If-Match': `"${target.version}"` })
      : await api<PublishedSurvey>('POST', base, body);
    batch(() => {
      const others = surveys.value.filter((s) => s.id !== saved.id);
      surveys.value = target.surveyId ? surveys.value.map((s) => (s.id === saved.id ? saved : s)) : [...others, saved];
      openDraft(definitionOf(saved), { siteId: target.siteId, surveyId: saved.id, version: saved.version, status: saved.status });
      saveResult.value = { ok: true, version: saved.version };
    });
    void loadVersions(target.siteId, saved.id);
    return saved;
  } catch (err) {
    if (err instanceof ApiError) {
      serverProblems.value = err.issues;
      saveResult.value = { ok: false, message: err.message };
    } else {
      saveResult.value = { ok: false, message: String(err) };
    }
    return undefined;
  } finally {
    saving.value = false;
  }
}

/** Pause, resume or archive at once (no new version: the wording does not change). */
export async function changeStatus(siteId: string, surveyId: string, status: SurveyStatus): Promise<boolean> {
  try {
    await api('POST', `/sites/${encodeURIComponent(siteId)}/surveys/${encodeURIComponent(surveyId)}/status`, { status });
  } catch (err) {
    listError.value = err instanceof ApiError ? err.message : String(err);
    return false;
  }
  batch(() => {
    listError.value = '';
    surveys.value = surveys.value.map((s) => (s.id === surveyId ? { ...s, status } : s));
    const open = editing.value;
    if (open?.surveyId === surveyId) {
      editing.value = { ...open, status };
      // Keep the form's copy in step so the status change alone does not count as unsaved.
      if (draft.value) {
        const wasClean = !dirty.value;
        draft.value = { ...draft.value, status };
        if (wasClean) baseline.value = JSON.stringify(draft.value);
      }
    }
    statusNotice.value = { name: surveys.value.find((s) => s.id === surveyId)?.name ?? '', status };
  });
  return true;
}

// The preview's own choices: which language and theme to draw the draft in.
export const previewLocale = signal<'en' | 'zh-CN'>(locale.value);
export const previewMode = signal<Theme['mode']>('light');
/** What the preview's widget would have sent: answers as they were saved, or a dismissal. */
export const previewRecords = signal<Array<{ answers?: Record<string, unknown>; finished?: boolean; dismissed?: boolean }>>([]);

let lastValid: PublishedSurvey | undefined;

/**
 * What the preview draws: the draft as the widget would get it, or — while the form has problems —
 * the last draft that passed, so the preview (even a freshly loaded one) never goes blank.
 */
export function previewSurvey(): PublishedSurvey | undefined {
  const output = checked.value.output;
  const open = editing.value;
  if (output) lastValid = { ...output, id: open?.surveyId ?? 'preview', version: open?.version ?? 0 };
  return lastValid;
}
