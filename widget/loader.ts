import type { Draft, SendResult, UiHost } from '../shared/contract.ts';
import type { SubmissionInput } from '../shared/schema/wire.ts';
import { launcher as enLauncher } from './i18n/en.ts';
import { pickLocale } from './i18n/locale.ts';
import { launcher as zhLauncher } from './i18n/zh-CN.ts';
import { createLauncher, LAUNCHER_CSS } from './launcher.ts';
import { loadUi } from './load-ui.ts';
import { createShadow } from './shadow.ts';
import { clientId, randomId } from './storage.ts';
import { postSubmission } from './transport/send.ts';

/**
 * Entry of the script tag. Plain DOM only: it reads its own attributes, draws the launcher and
 * loads the Preact UI on the first click. It never throws into the host page.
 */
function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.site) return current;
  return document.querySelector<HTMLScriptElement>('script[data-site][src*="widget.js"]');
}

function boot(script: HTMLScriptElement): void {
  const siteKey = script.dataset.site;
  if (!siteKey) return;
  const base = new URL(script.src, location.href);
  const endpoint = `${base.origin}/v1/responses?site=${encodeURIComponent(siteKey)}`;
  const uiUrl = new URL('widget-ui.js', base).href;
  const locale = pickLocale(script.dataset.locale || navigator.language);
  const shadow = createShadow(document, script.nonce || undefined);
  shadow.adoptStyles(LAUNCHER_CSS);

  // One idempotency key per draft object: the UI resends the same object on retry.
  const keys = new WeakMap<Draft, string>();
  async function send(draft: Draft): Promise<SendResult> {
    let key = keys.get(draft);
    if (!key) keys.set(draft, (key = randomId()));
    const submission = {
      ...draft,
      idempotencyKey: key,
      clientId: clientId(),
      locale: navigator.language || locale,
      page: { url: location.href.slice(0, 2048), title: document.title.slice(0, 300) || undefined },
    } as SubmissionInput;
    return postSubmission(endpoint, submission);
  }

  const button = createLauncher(shadow.root, (locale === 'zh-CN' ? zhLauncher : enLauncher).open, () => {
    loadUi(uiUrl).then(
      (ui) => {
        button.hidden = true;
        const host: UiHost = {
          root: shadow.root,
          locale,
          send,
          adoptStyles: shadow.adoptStyles,
          onClose: () => {
            button.hidden = false;
            button.focus();
          },
        };
        ui.openFeedback(host);
      },
      (err: unknown) => console.warn('[feedloop] could not load the feedback form:', err),
    );
  });
}

try {
  const script = findScript();
  if (script) {
    if (document.body) boot(script);
    else document.addEventListener('DOMContentLoaded', () => boot(script), { once: true });
  }
} catch (err) {
  // A broken widget must never break the page that embeds it.
  console.warn('[feedloop] widget disabled:', err);
}
