import type { SurveySession, UiHost, UiModule } from '../../shared/contract.ts';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { previewPageTexts } from './i18n/surveys.ts';
import { type FromPreview, PREVIEW_CHANNEL, PREVIEW_HOST_CSS, type ToPreview, isPreviewMessage } from './preview-protocol.ts';
import './preview.css';

/**
 * The survey builder's live preview, loaded in a same-origin iframe. It draws the draft with the
 * very widget UI chunk visitors load (/widget-ui.js, fetched at run time — the admin build never
 * bundles widget source), through the same UiModule seam the loader uses. Its session records
 * answers and hands them to the builder instead of sending them: this page's CSP has
 * `connect-src 'none'`, so it could not reach the collector even by mistake.
 */

function post(message: FromPreview extends infer M ? (M extends unknown ? Omit<M, 'channel'> : never) : never): void {
  parent.postMessage({ channel: PREVIEW_CHANNEL, ...message }, location.origin);
}

function createHost(): { element: HTMLElement; host: Omit<UiHost, 'locale'> } {
  const element = document.createElement('feedloop-widget');
  const root = element.attachShadow({ mode: 'open' });
  document.body.appendChild(element);
  const adoptStyles = (css: string) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  };
  adoptStyles(PREVIEW_HOST_CSS);
  return {
    element,
    host: {
      root,
      adoptStyles,
      // Surveys save through their session; a feedback form is never opened here.
      send: async () => ({ ok: false, reason: 'rejected', message: 'preview' }),
      onClose: () => undefined,
    },
  };
}

/**
 * The widget moves focus into a new dialog, as it should on a real page. Here the dialog is
 * redrawn on every edit while the admin types in the builder, and focus jumping into the iframe
 * would take their keystrokes away; so focus moves only while this frame already has it
 * (someone is answering the preview).
 */
function keepFocusWhereTheAdminIs(): void {
  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (this: HTMLElement, options?: FocusOptions) {
    if (document.hasFocus()) focus.call(this, options);
  };
}

function start(): void {
  const banner = document.getElementById('banner')!;
  banner.textContent = previewPageTexts.en.banner;
  if (parent === window) {
    banner.textContent = previewPageTexts.en.notFramed;
    return;
  }
  keepFocusWhereTheAdminIs();
  const { element, host } = createHost();
  let ui: UiModule | undefined;
  let last: ToPreview | undefined;
  let replacing = false;

  function render(message: ToPreview): void {
    last = message;
    const t = previewPageTexts[message.uiLocale];
    banner.textContent = t.banner;
    document.documentElement.lang = message.uiLocale;
    document.body.dataset.mode = message.theme.mode;
    if (!ui) return;
    element.style.setProperty('--fl-accent', message.theme.accent);
    element.style.setProperty('--fl-r', `${message.theme.radius}px`);
    element.dataset.position = message.theme.position;
    element.dataset.mode = message.theme.mode;
    // Redrawing is not the visitor closing the survey: no dismissal is recorded for it.
    replacing = true;
    ui.close();
    replacing = false;
    const survey: PublishedSurvey = message.survey;
    const session: SurveySession = {
      survey,
      // A preview stores nothing; the builder hears of each step, and the survey runs on as if taken.
      save: async (answers, finished) => {
        post({ type: 'saved', answers, finished });
        return { ok: true, ack: { id: 'preview', receivedAt: Date.now() } };
      },
      dismiss: () => {
        if (!replacing) post({ type: 'dismissed' });
      },
    };
    ui.openSurvey({ ...host, locale: message.locale }, session);
  }

  addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== location.origin || event.source !== parent || !isPreviewMessage<ToPreview>(event.data)) return;
    if (event.data.type === 'render') render(event.data);
  });

  const url = new URL('/widget-ui.js', location.href).href;
  (import(/* @vite-ignore */ url) as Promise<UiModule>).then(
    (module) => {
      ui = module;
      post({ type: 'ready' });
      if (last) render(last);
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      banner.textContent = previewPageTexts.en.loadFailed(message);
      post({ type: 'error', message });
    },
  );
}

start();
