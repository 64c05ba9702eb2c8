import { useEffect, useRef, useState } from 'preact/hooks';
import { surveyTexts } from '../../i18n/surveys.ts';
import { LOCALES, LOCALE_NAMES, locale, texts } from '../../i18n/locale.ts';
import { checked, draft, previewLocale, previewMode, previewRecords, previewSurvey, siteTheme } from '../../models/surveys.ts';
import { type FromPreview, PREVIEW_CHANNEL, type ToPreview, isPreviewMessage } from '../../preview-protocol.ts';

/** Edits reach the preview this long after the last keystroke, so typing stays smooth. */
export const PREVIEW_DEBOUNCE_MS = 200;


/**
 * The live preview: an iframe on this origin (/admin/preview.html) where the real widget UI draws
 * the draft. Only a draft that passes the collector's schema is sent; while the form has problems
 * the preview keeps showing the last valid one.
 */
export function PreviewFrame() {
  const t = texts(surveyTexts);
  const frame = useRef<HTMLIFrameElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState('');
  const [restarts, setRestarts] = useState(0);
  const output = checked.value.output;
  const theme = siteTheme.value;
  const stale = draft.value !== null && !output;

  function message(): ToPreview | undefined {
    const survey = previewSurvey();
    if (!survey) return undefined;
    return {
      channel: PREVIEW_CHANNEL,
      type: 'render',
      survey,
      locale: previewLocale.value,
      theme: {
        accent: theme?.accent ?? '#4f46e5',
        radius: theme?.radius ?? 14,
        position: theme?.position ?? 'bottom-right',
        mode: previewMode.value,
      },
      uiLocale: locale.value,
    };
  }

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== location.origin || event.source !== frame.current?.contentWindow) return;
      if (!isPreviewMessage<FromPreview>(event.data)) return;
      const data = event.data;
      if (data.type === 'ready') setReady(true);
      else if (data.type === 'error') setFailed(data.message);
      else if (data.type === 'saved') previewRecords.value = [...previewRecords.value, { answers: data.answers, finished: data.finished }];
      else if (data.type === 'dismissed') previewRecords.value = [...previewRecords.value, { dismissed: true }];
    };
    addEventListener('message', onMessage);
    return () => removeEventListener('message', onMessage);
  }, []);

  // Every change of the valid draft, the language or the theme redraws the preview, debounced.
  const snapshot = JSON.stringify(message() ?? null);
  useEffect(() => {
    if (!ready || snapshot === 'null') return;
    const timer = setTimeout(() => frame.current?.contentWindow?.postMessage(JSON.parse(snapshot), location.origin), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [ready, snapshot, restarts]);

  return (
    <section class="sv-preview" aria-labelledby="sv-preview-title">
      <h2 id="sv-preview-title">{t.preview}</h2>
      <p class="sv-hint">{t.previewHint}</p>
      <div class="sv-preview-tools">
        <label>
          {t.previewLocale}
          <select value={previewLocale.value} onChange={(e) => (previewLocale.value = e.currentTarget.value as 'en' | 'zh-CN')}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.previewMode}
          <select value={previewMode.value} onChange={(e) => (previewMode.value = e.currentTarget.value as 'light' | 'dark' | 'auto')}>
            {(['light', 'dark', 'auto'] as const).map((m) => (
              <option key={m} value={m}>
                {t[`mode_${m}`]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setRestarts(restarts + 1)} disabled={!ready}>
          {t.restart}
        </button>
      </div>
      <p class="sv-status" role="status">
        {failed ? t.previewFailed(failed) : stale ? t.previewStale : ready ? '' : t.previewLoading}
      </p>
      <iframe
        ref={frame}
        class="sv-preview-frame"
        src="/admin/preview.html"
        title={t.previewTitle}
        // Same origin (it loads /widget-ui.js from here), but no top navigation, forms or pop-ups.
        sandbox="allow-scripts allow-same-origin"
        // The page keeps a draft sent before the widget chunk arrived and draws it once it has.
        onLoad={() => setReady(true)}
      />
      <h3 id="sv-recorded">{t.recorded}</h3>
      <ol class="sv-recorded" aria-labelledby="sv-recorded" aria-live="polite">
        {previewRecords.value.length === 0 && <li class="sv-hint">{t.recordedNone}</li>}
        {previewRecords.value.map((r, i) => (
          <li key={i}>{r.dismissed ? t.recordedDismissed : t.recordedAnswers(JSON.stringify(r.answers), Boolean(r.finished))}</li>
        ))}
      </ol>
    </section>
  );
}
