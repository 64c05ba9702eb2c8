import type { Question, SurveyDefinition } from '../../../../shared/schema/survey.ts';
import { surveyTexts } from '../../i18n/surveys.ts';
import { texts } from '../../i18n/locale.ts';
import {
  dirty,
  draft,
  editing,
  problems,
  saveDraft,
  saveResult,
  saving,
  setDraft,
  statusNotice,
} from '../../models/surveys.ts';
import { addQuestion, setIn } from './draft-ops.ts';
import { LocalizedField, ProblemNote, SelectField, TextField, fieldId } from './fields.tsx';
import { describePath, problemText } from './problem-text.ts';
import { PreviewFrame } from './PreviewFrame.tsx';
import { QuestionEditor } from './QuestionEditor.tsx';
import { StatusActions, statusLabel } from './StatusActions.tsx';
import { CapsEditor, TriggerEditor } from './TargetingEditor.tsx';
import { kindOf } from './templates.ts';
import { VersionHistory } from './VersionHistory.tsx';

interface Props {
  canEdit: boolean;
  onBack(): void;
  /** After the first save of a new survey, so the address names it. */
  onCreated(surveyId: string): void;
}

/** Runs after Preact has drawn the change just made (it redraws on the next microtask). */
function afterRender(run: () => void): void {
  setTimeout(run, 0);
}

/** Moves focus to the control a problem is about (its id comes from the problem's path). */
function focusProblem(path: string): void {
  // A problem deep inside a group may have no control of its own: walk up to one that has.
  for (let parts = path.split('.'); parts.length; parts = parts.slice(0, -1)) {
    const el = document.getElementById(fieldId(parts.join('.')));
    if (el) {
      el.focus();
      return;
    }
  }
}

/** The builder: every field the survey schema allows, validated as the collector validates it. */
export function SurveyEditor({ canEdit, onBack, onCreated }: Props) {
  const t = texts(surveyTexts);
  const def = draft.value;
  const open = editing.value;
  if (!def || !open) return null;
  const change = (next: SurveyDefinition) => setDraft(next);
  // A removed question takes its focused button with it: focus goes to the list's heading.
  const changeQuestions = (next: SurveyDefinition) => {
    change(next);
    if (next.questions.length < def.questions.length) afterRender(() => document.getElementById('sv-questions')?.focus());
  };
  const list = problems.value;
  const result = saveResult.value;
  const notice = statusNotice.value;
  const kind = t[`kind_${kindOf(def)}`];

  async function onSubmit(event: Event) {
    event.preventDefault();
    const wasNew = !editing.value?.surveyId;
    const saved = await saveDraft();
    if (saved && wasNew) onCreated(saved.id);
    if (!saved && problems.value[0]) focusProblem(problems.value[0].path);
  }

  return (
    <div class="sv-editor">
      <form class="sv-form" onSubmit={onSubmit} noValidate aria-labelledby="sv-editor-title">
        <div class="sv-editor-head">
          <button type="button" class="sv-link" onClick={onBack}>
            ← {t.back}
          </button>
          <h1 id="sv-editor-title">{open.surveyId ? t.editTitle(def.name) : t.newTitle(kind)}</h1>
          {open.surveyId && (
            <span class="sv-meta">
              {kind} · v{open.version} · <span class={`sv-status-${open.status}`}>{statusLabel(open.status, t)}</span>
            </span>
          )}
        </div>
        <p class="sv-note">{open.surveyId ? t.versionNote((open.version ?? 0) + 1) : t.newNote}</p>
        {!canEdit && <p class="sv-note">{t.readOnly}</p>}
        {open.surveyId && canEdit && (
          <div class="sv-status-bar">
            <StatusActions siteId={open.siteId} surveyId={open.surveyId} status={open.status} name={def.name} />
            <span role="status">{notice ? t.statusChanged(notice.name, statusLabel(notice.status, t)) : ''}</span>
          </div>
        )}

        <fieldset class="sv-body" disabled={!canEdit}>
          <section class="sv-section" aria-labelledby="sv-general">
            <h2 id="sv-general">{t.secGeneral}</h2>
            <div class="sv-grid">
              <TextField path="name" label={t.name} value={def.name} maxLength={200} onInput={(name) => change({ ...def, name })} />
              {!open.surveyId && (
                <SelectField
                  path="status"
                  label={t.status}
                  value={def.status}
                  options={(['active', 'paused'] as const).map((value) => ({ value, label: statusLabel(value, t) }))}
                  onChange={(status) => change({ ...def, status })}
                />
              )}
            </div>
          </section>

          <section class="sv-section" aria-labelledby="sv-questions">
            <h2 id="sv-questions" tabIndex={-1}>
              {t.secQuestions}
            </h2>
            <p class="sv-hint">{t.chineseHint}</p>
            <ProblemNote path="questions" />
            {def.questions.map((_, i) => (
              <QuestionEditor key={i} def={def} index={i} onChange={changeQuestions} />
            ))}
            <div class="sv-add" role="group" aria-label={t.addQuestion}>
              {(['rating', 'single', 'multi', 'text'] as const).map((type: Question['type']) => (
                <button
                  key={type}
                  type="button"
                  disabled={def.questions.length >= 30}
                  onClick={() => {
                    change(addQuestion(def, type));
                    // Straight to the new question's wording, the first thing to fill in.
                    afterRender(() => document.getElementById(fieldId(`questions.${def.questions.length}.text.en`))?.focus());
                  }}
                >
                  + {t[`type_${type}`]}
                </button>
              ))}
            </div>
          </section>

          <section class="sv-section" aria-labelledby="sv-trigger">
            <h2 id="sv-trigger">{t.secTrigger}</h2>
            <TriggerEditor def={def} onChange={change} />
          </section>

          <section class="sv-section" aria-labelledby="sv-caps">
            <h2 id="sv-caps">{t.secCaps}</h2>
            <CapsEditor def={def} onChange={change} />
          </section>

          <section class="sv-section" aria-labelledby="sv-thanks">
            <h2 id="sv-thanks">{t.secThanks}</h2>
            <LocalizedField path="thankYou" label={t.thankYou} value={def.thankYou} optional onChange={(v) => change(setIn(def, ['thankYou'], v))} />
          </section>
        </fieldset>

        <div class="sv-savebar">
          {list.length > 0 && (
            <div class="sv-problems" role="alert">
              <p>{t.fixProblems(list.length)}</p>
              <ul>
                {list.slice(0, 10).map((p, i) => (
                  <li key={i}>
                    <button type="button" class="sv-link" onClick={() => focusProblem(p.path)}>
                      {describePath(p.path, t)}: {problemText(p, t)}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p class="sv-status" role="status">
            {result && !result.ok ? t.saveFailed(result.message) : dirty.value ? t.unsaved : result?.ok ? t.savedVersion(result.version) : ''}
          </p>
          <button type="submit" disabled={!canEdit || saving.value}>
            {saving.value ? t.saving : open.surveyId ? t.save : t.saveNew}
          </button>
        </div>
      </form>
      <aside class="sv-side">
        <PreviewFrame />
        <VersionHistory />
      </aside>
    </div>
  );
}
