import {
  type ChoiceQuestion,
  type LogicRule,
  type Question,
  RATING_SCALES,
  type RatingQuestion,
  type RatingScale,
  SCALE_RANGE,
  type SurveyDefinition,
} from '../../../../shared/schema/survey.ts';
import { surveyTexts } from '../../i18n/surveys.ts';
import { texts } from '../../i18n/locale.ts';
import { addOption, changeType, moveQuestion, newRule, removeOption, removeQuestion, renameOption, renameQuestion, setIn } from './draft-ops.ts';
import { CheckField, LocalizedField, NumberField, ProblemNote, SelectField, TextField } from './fields.tsx';

interface Props {
  def: SurveyDefinition;
  index: number;
  onChange(def: SurveyDefinition): void;
}

type T = (typeof surveyTexts)['en'];

/** The score ranges of each band, as the widget picks the follow-up wording (shared/scales.ts). */
const BAND_RANGES: Record<RatingScale, Record<'low' | 'mid' | 'high', string>> = {
  nps: { low: '0–6', mid: '7–8', high: '9–10' },
  csat: { low: '1–2', mid: '3', high: '4–5' },
  stars: { low: '1–2', mid: '3', high: '4–5' },
  ces: { low: '1–3', mid: '4–5', high: '6–7' },
  thumbs: { low: '👎', mid: '', high: '👍' },
};

/** One question: its wording in both languages, type-specific settings and skip logic. */
export function QuestionEditor({ def, index, onChange }: Props) {
  const t = texts(surveyTexts);
  const question = def.questions[index]!;
  const path = `questions.${index}`;
  const n = index + 1;
  const setQuestion = (next: Question) => onChange(setIn(def, ['questions', index], next));
  const set = (key: string, value: unknown) => setQuestion(setIn(question, [key], value));
  const headingId = `${path}-heading`;

  return (
    <section class="sv-question" aria-labelledby={headingId}>
      <div class="sv-question-head">
        <h3 id={headingId}>
          {t.question(n)} · {t[`type_${question.type}`]}
        </h3>
        <span class="sv-row-actions">
          <button type="button" aria-label={t.moveUp(n)} disabled={index === 0} onClick={() => onChange(moveQuestion(def, index, -1))}>
            ↑
          </button>
          <button
            type="button"
            aria-label={t.moveDown(n)}
            disabled={index === def.questions.length - 1}
            onClick={() => onChange(moveQuestion(def, index, 1))}
          >
            ↓
          </button>
          <button type="button" aria-label={t.removeQuestion(n)} disabled={def.questions.length === 1} onClick={() => onChange(removeQuestion(def, index))}>
            ✕
          </button>
        </span>
      </div>
      <div class="sv-grid">
        <TextField path={`${path}.id`} label={t.questionId} hint={t.idHint} value={question.id} maxLength={64} onInput={(id) => onChange(renameQuestion(def, index, id))} />
        <SelectField
          path={`${path}.type`}
          label={t.type}
          value={question.type}
          options={(['rating', 'single', 'multi', 'text'] as const).map((value) => ({ value, label: t[`type_${value}`] }))}
          onChange={(type) => setQuestion(changeType(question, type))}
        />
      </div>
      <LocalizedField path={`${path}.text`} label={t.questionText} value={question.text} onChange={(text) => set('text', text)} multiline />
      <CheckField path={`${path}.required`} label={t.required} checked={question.required} onChange={(required) => set('required', required)} />
      {question.type === 'rating' && <RatingSettings question={question} path={path} t={t} onChange={setQuestion} />}
      {(question.type === 'single' || question.type === 'multi') && <OptionsEditor question={question} path={path} t={t} onChange={setQuestion} />}
      {question.type === 'text' && (
        <>
          <LocalizedField path={`${path}.placeholder`} label={t.placeholder} value={question.placeholder} onChange={(v) => set('placeholder', v)} optional />
          <NumberField path={`${path}.maxLength`} label={t.maxLength} value={question.maxLength} min={1} max={5000} step={1} onChange={(v) => set('maxLength', v)} />
        </>
      )}
      {question.type !== 'text' && <LogicEditor def={def} index={index} t={t} onChange={setQuestion} />}
    </section>
  );
}

function RatingSettings({ question, path, t, onChange }: { question: RatingQuestion; path: string; t: T; onChange(q: Question): void }) {
  const set = (key: string, value: unknown) => onChange(setIn(question, [key], value));
  const ranges = BAND_RANGES[question.scale];
  const bandLabel = (band: 'low' | 'mid' | 'high') => {
    const name = question.scale === 'nps' ? t[`band_nps_${band}`] : t[`band_${band}`];
    return ranges[band] ? t.followUpBand(name, ranges[band]) : name;
  };
  return (
    <>
      <SelectField
        path={`${path}.scale`}
        label={t.scale}
        value={question.scale}
        options={RATING_SCALES.map((value) => ({ value, label: t[`scale_${value}`] }))}
        // Score rules of the old scale may be out of range now; the form will say which.
        onChange={(scale) => set('scale', scale)}
      />
      <div class="sv-grid">
        <LocalizedField path={`${path}.lowLabel`} label={t.lowLabel} value={question.lowLabel} onChange={(v) => set('lowLabel', v)} optional />
        <LocalizedField path={`${path}.highLabel`} label={t.highLabel} value={question.highLabel} onChange={(v) => set('highLabel', v)} optional />
      </div>
      <CheckField
        path={`${path}.followUp`}
        label={t.followUp}
        checked={question.followUp !== undefined}
        onChange={(on) => set('followUp', on ? { low: { en: 'What should we do better?' }, high: { en: 'What do you like most?' } } : undefined)}
      />
      {question.followUp && (
        <div class="sv-bands">
          <LocalizedField path={`${path}.followUp.low`} label={bandLabel('low')} value={question.followUp.low} onChange={(v) => set('followUp', { ...question.followUp, low: v })} />
          {question.scale !== 'thumbs' && (
            <LocalizedField
              path={`${path}.followUp.mid`}
              label={bandLabel('mid')}
              value={question.followUp.mid}
              optional
              onChange={(v) => onChange(setIn(question, ['followUp', 'mid'], v))}
            />
          )}
          <LocalizedField path={`${path}.followUp.high`} label={bandLabel('high')} value={question.followUp.high} onChange={(v) => set('followUp', { ...question.followUp, high: v })} />
        </div>
      )}
    </>
  );
}

function OptionsEditor({ question, path, t, onChange }: { question: ChoiceQuestion; path: string; t: T; onChange(q: Question): void }) {
  return (
    <fieldset class="sv-options">
      <legend>{t.options}</legend>
      <ProblemNote path={`${path}.options`} />
      <ol>
        {question.options.map((option, i) => (
          <li key={i} class="sv-option">
            <TextField
              path={`${path}.options.${i}.id`}
              label={`${t.option(i + 1)} · ${t.optionId}`}
              value={option.id}
              maxLength={64}
              onInput={(id) => onChange(renameOption(question, i, id))}
            />
            <LocalizedField
              path={`${path}.options.${i}.label`}
              label={`${t.option(i + 1)} · ${t.optionLabel}`}
              value={option.label}
              onChange={(label) => onChange(setIn(question, ['options', i, 'label'], label))}
            />
            <button type="button" class="sv-remove" aria-label={t.removeOption(i + 1)} disabled={question.options.length <= 2} onClick={() => onChange(removeOption(question, i))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange(addOption(question))} disabled={question.options.length >= 20}>
        {t.addOption}
      </button>
    </fieldset>
  );
}

function LogicEditor({ def, index, t, onChange }: { def: SurveyDefinition; index: number; t: T; onChange(q: Question): void }) {
  const question = def.questions[index]!;
  const path = `questions.${index}.logic`;
  const later = def.questions.slice(index + 1);
  const targets = [...later.map((q, i) => ({ value: q.id, label: `${t.question(index + i + 2)} (${q.id})` })), { value: 'end', label: t.goEnd }];
  const setRule = (i: number, rule: LogicRule) => onChange(setIn(question, ['logic', i], rule));
  const range = question.type === 'rating' ? SCALE_RANGE[question.scale] : undefined;
  return (
    <fieldset class="sv-logic">
      <legend>{t.logic}</legend>
      <p class="sv-hint">{t.logicHint}</p>
      <ProblemNote path={path} />
      <ol>
        {question.logic.map((rule, i) => (
          <li key={i} class="sv-rule" aria-label={t.rule(i + 1)}>
            {question.type === 'single' || question.type === 'multi' ? (
              <SelectField
                path={`${path}.${i}.option`}
                label={`${t.rule(i + 1)} · ${t.whenOption}`}
                value={rule.option ?? ''}
                options={question.options.map((o) => ({ value: o.id, label: o.label.en || o.id }))}
                onChange={(option) => setRule(i, { ...rule, option })}
              />
            ) : (
              <>
                <NumberField
                  path={`${path}.${i}.min`}
                  label={`${t.rule(i + 1)} · ${t.whenMin}`}
                  value={rule.min}
                  min={range?.min}
                  max={range?.max}
                  step={1}
                  onChange={(min) => setRule(i, setIn(rule, ['min'], min))}
                />
                <NumberField
                  path={`${path}.${i}.max`}
                  label={t.whenMax}
                  value={rule.max}
                  min={range?.min}
                  max={range?.max}
                  step={1}
                  onChange={(max) => setRule(i, setIn(rule, ['max'], max))}
                />
              </>
            )}
            <SelectField
              path={`${path}.${i}.goto`}
              label={t.goTo}
              value={rule.goto}
              // A target that no longer comes later is still listed, so the problem is visible.
              options={targets.some((o) => o.value === rule.goto) ? targets : [{ value: rule.goto, label: rule.goto }, ...targets]}
              onChange={(goto) => setRule(i, { ...rule, goto })}
            />
            <button
              type="button"
              class="sv-remove"
              aria-label={t.removeRule(i + 1)}
              onClick={() => onChange(setIn(question, ['logic'], question.logic.filter((_, j) => j !== i)))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" disabled={question.logic.length >= 20} onClick={() => onChange(setIn(question, ['logic', question.logic.length], newRule(def, index)))}>
        {t.addRule}
      </button>
    </fieldset>
  );
}
