import { FEEDBACK_CATEGORIES, LIMITS } from '../../shared/limits.ts';
import type { UiStrings } from '../i18n/en.ts';
import type { FeedbackModel } from './models/feedback.ts';
import { useStepFocus } from './Dialog.tsx';

interface Props {
  model: FeedbackModel;
  t: UiStrings;
  onDone(): void;
}

/** The open-feedback form: category, message, optional email. Renders the model, nothing more. */
export function FeedbackForm({ model, t, onDone }: Props) {
  const sending = model.status.value === 'sending';
  const status = model.status.value;
  const sent = status === 'sent' || status === 'queued';
  const box = useStepFocus(sent);
  return (
    <div class="fl-body" ref={box}>
      {/* Live regions exist before their first message, so screen readers announce it. */}
      <p class="fl-status" role="status">
        {status === 'sent' ? t.thanks : status === 'queued' ? t.queued : ''}
      </p>
      {sent ? (
        <button type="button" class="fl-primary" data-autofocus onClick={onDone}>
          {t.done}
        </button>
      ) : (
        <form
      class="fl-body"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        // Read from the element: a bot that sets its value fires no input event.
        void model.submit((event.currentTarget.elements.namedItem('website') as HTMLInputElement).value);
      }}
    >
      <fieldset>
        <legend>{t.category}</legend>
        {FEEDBACK_CATEGORIES.map((value) => (
          <label key={value} class="fl-opt">
            <input
              type="radio"
              name="fl-category"
              value={value}
              checked={model.category.value === value}
              onChange={() => (model.category.value = value)}
            />
            <span>{t[value]}</span>
          </label>
        ))}
      </fieldset>
      <label class="fl-field">
        <span>{t.message}</span>
        <textarea
          data-autofocus
          name="text"
          rows={5}
          maxLength={LIMITS.text}
          required
          aria-invalid={model.error.value === t.emptyMessage}
          placeholder={t.messagePlaceholder}
          value={model.text.value}
          onInput={(event) => (model.text.value = event.currentTarget.value)}
        />
      </label>
      <label class="fl-field">
        <span>{t.email}</span>
        <input
          type="email"
          name="email"
          autoComplete="email"
          maxLength={LIMITS.email}
          value={model.email.value}
          onInput={(event) => (model.email.value = event.currentTarget.value)}
        />
      </label>
      {/* Honeypot: off screen, out of the tab order and hidden from assistive technology, so people
          leave it empty; bots that fill every field do not (the collector flags those). */}
      <input class="fl-hp" name="website" tabIndex={-1} autoComplete="off" aria-hidden="true" />
      <p class="fl-error" role="alert">
        {model.error.value}
      </p>
      <button type="submit" class="fl-primary" disabled={sending} aria-busy={sending}>
        {sending ? t.sending : t.send}
      </button>
        </form>
      )}
    </div>
  );
}
