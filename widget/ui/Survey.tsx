import { localize } from '../../shared/localize.ts';
import type { UiStrings } from '../i18n/en.ts';
import type { SurveyModel } from './models/survey.ts';
import { useStepFocus } from './Dialog.tsx';
import { RatingScale } from './RatingScale.tsx';

interface Props {
  model: SurveyModel;
  locale: string;
  t: UiStrings;
  onDone(): void;
}

/** One question at a time, with progress; renders the survey model and nothing more. */
export function Survey({ model, locale, t, onDone }: Props) {
  const { survey } = model;
  const phase = model.phase.value;
  const question = model.question();
  const value = model.value.value;
  const total = survey.questions.length;
  const n = model.index.value + 1;
  const refused = model.refused.value;
  // Thanks only for answers the collector took; a refusal says why instead (below).
  const status = phase === 'done' && refused === undefined ? (survey.thankYou ? localize(survey.thankYou, locale) : t.surveyThanks) : '';
  const box = useStepFocus(phase + n);

  let body;
  if (phase === 'done') {
    body = (
      <>
        {refused !== undefined && (
          <p class="fl-error" role="alert">
            {`${t.rejected} ${refused}`.trim()}
          </p>
        )}
        <button type="button" class="fl-primary" data-autofocus onClick={onDone}>
          {t.done}
        </button>
      </>
    );
  } else if (phase === 'followUp') {
    body = (
      <form
        class="fl-body"
        key={`${question.id}-why`}
        onSubmit={(event) => {
          event.preventDefault();
          model.followUp(String(model.value.value ?? ''));
        }}
      >
        <label class="fl-field">
          <span>{localize(model.followUpText(), locale)}</span>
          <textarea
            data-autofocus
            rows={3}
            maxLength={2000}
            placeholder={t.followUpPlaceholder}
            value={String(value ?? '')}
            onInput={(event) => (model.value.value = event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="fl-primary">
          {t.submit}
        </button>
      </form>
    );
  } else {
    let field;
    if (question.type === 'rating') {
      field = (
        <RatingScale
          question={question}
          locale={locale}
          t={t}
          value={typeof value === 'number' ? value : undefined}
          onSelect={(score) => (model.value.value = score)}
          onChoose={(score) => model.answer(score)}
        />
      );
    } else if (question.type === 'text') {
      field = (
        <label class="fl-field">
          <span>{localize(question.text, locale)}</span>
          <textarea
            data-autofocus
            rows={4}
            maxLength={question.maxLength}
            placeholder={localize(question.placeholder, locale) || undefined}
            value={String(value ?? '')}
            onInput={(event) => (model.value.value = event.currentTarget.value)}
          />
        </label>
      );
    } else {
      const multi = question.type === 'multi';
      const chosen = Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
      field = (
        <fieldset>
          <legend>{localize(question.text, locale)}</legend>
          {question.options.map((option) => (
            <label key={option.id} class="fl-opt">
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={`fl-${question.id}`}
                value={option.id}
                checked={chosen.includes(option.id)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  model.value.value = multi ? (on ? [...chosen, option.id] : chosen.filter((id) => id !== option.id)) : option.id;
                }}
              />
              <span>{localize(option.label, locale)}</span>
            </label>
          ))}
        </fieldset>
      );
    }
    body = (
      <form
        class="fl-body"
        key={question.id}
        onSubmit={(event) => {
          event.preventDefault();
          model.answer();
        }}
      >
        {total > 1 && (
          <>
            <p class="fl-progress">{t.progress.replace('{n}', String(n)).replace('{total}', String(total))}</p>
            <div class="fl-bar" aria-hidden="true">
              <i style={{ width: `${(100 * (n - 1)) / total}%` }} />
            </div>
          </>
        )}
        {field}
        <p class="fl-error" role="alert">
          {model.missing.value ? t.required : ''}
        </p>
        <button type="submit" class="fl-primary">
          {n === total && question.type !== 'rating' ? t.submit : t.next}
        </button>
      </form>
    );
  }
  return (
    <div class="fl-body" ref={box}>
      <p class="fl-status" role="status">
        {status}
      </p>
      {body}
    </div>
  );
}
