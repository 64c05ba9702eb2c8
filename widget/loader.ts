import type { SendResult, UiHost, UiModule } from '../shared/contract.ts';
import type { SiteConfig } from '../shared/schema/site-config.ts';
import type { PublishedSurvey } from '../shared/schema/survey.ts';
import type { Answers } from '../shared/schema/wire.ts';
import { blockedReason, inSample } from '../shared/targeting.ts';
import { installCommands } from './commands.ts';
import { fetchConfig } from './config.ts';
import { launcher as enLauncher } from './i18n/en.ts';
import { pickLocale, type WidgetLocale } from './i18n/locale.ts';
import { launcher as zhLauncher } from './i18n/zh-CN.ts';
import { createLauncher, LAUNCHER_CSS } from './launcher.ts';
import { loadUi } from './load-ui.ts';
import { createShadow, type Shadow } from './shadow.ts';
import { randomId } from './storage.ts';
import { createOutbox } from './transport/queue.ts';
import { createTriggers } from './triggers.ts';
import { createVisitor } from './visitor.ts';

/**
 * Entry of the script tag. Plain DOM only: it reads its own attributes, fetches the site's
 * config, watches triggers, keeps the outbox and draws the launcher; the Preact UI is loaded
 * only when something is about to be shown. It never throws into the host page.
 */
function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.site) return current;
  return document.querySelector<HTMLScriptElement>('script[data-site][src*="widget.js"]');
}

function boot(script: HTMLScriptElement): void {
  const siteKey = script.dataset.site!;
  const base = new URL(script.src, location.href);
  const origin = base.origin;
  const site = `site=${encodeURIComponent(siteKey)}`;
  const uiUrl = new URL('widget-ui.js', base).href;
  const visitor = createVisitor(siteKey);
  const outbox = createOutbox(origin, `feedloop:${siteKey}:outbox`);
  // Everything that touches the DOM or storage waits for the config (a later task), so the
  // script's own first task stays tiny.
  let shadow: Shadow;

  let chosenLocale = script.dataset.locale;
  let locale: WidgetLocale = pickLocale(chosenLocale || navigator.language);
  let config: SiteConfig | undefined;
  let ui: UiModule | undefined;
  let showing = false;
  let launcher: HTMLButtonElement | undefined;
  let returnFocus: Element | null = null;
  const pageEvents: string[] = [];
  const keys = new WeakMap<object, string>();

  const who = () => {
    const v = visitor.get();
    return { clientId: v.cid, userId: v.uid, attributes: Object.keys(v.attrs).length ? v.attrs : undefined };
  };
  const page = () => ({ url: location.href.slice(0, 2048), title: document.title.slice(0, 300) || undefined });
  const context = () => ({ ...who(), page: page(), locale: (navigator.language || locale).slice(0, 35) });

  function event(type: 'impression' | 'dismissal' | 'completion', surveyId: string) {
    const { clientId, userId } = who();
    void outbox.push(`/v1/events?${site}`, { type, idempotencyKey: randomId(), clientId, userId, surveyId, page: page(), at: Date.now() });
  }

  async function present(open: (ui: UiModule, host: UiHost) => void): Promise<boolean> {
    if (showing) return false;
    showing = true;
    returnFocus = document.activeElement;
    try {
      ui = await loadUi(uiUrl);
    } catch (err) {
      showing = false;
      console.warn('[feedloop]', err);
      return false;
    }
    if (launcher) launcher.hidden = true;
    open(ui, {
      root: shadow.root,
      locale,
      adoptStyles: shadow.adoptStyles,
      send: (draft): Promise<SendResult> => {
        // One idempotency key per draft object: the UI resends the same object on retry.
        let key = keys.get(draft);
        if (!key) keys.set(draft, (key = randomId()));
        return outbox.push(`/v1/responses?${site}`, { ...draft, ...context(), idempotencyKey: key });
      },
      onClose: () => {
        showing = false;
        if (launcher) launcher.hidden = false;
        // Focus inside our shadow root shows as its host element: that was the launcher.
        const back = returnFocus instanceof HTMLElement && returnFocus.isConnected && returnFocus !== shadow.host ? returnFocus : launcher;
        back?.focus();
      },
    });
    return true;
  }

  function showSurvey(survey: PublishedSurvey): void {
    const shownAt = Date.now();
    let key: string | undefined;
    let finished = false;
    void present((module, host) => {
      visitor.mark(survey.id, { shownAt }, true);
      event('impression', survey.id);
      module.openSurvey(host, {
        survey,
        save(answers: Answers, done: boolean) {
          // The first save creates the response; later ones add to it by its key, in order.
          let sent;
          if (key) {
            sent = outbox.push(`/v1/responses/${key}?${site}`, { clientId: who().clientId, answers, finished: done });
          } else {
            key = randomId();
            const body = { kind: 'survey', surveyId: survey.id, surveyVersion: survey.version, answers, finished: done, shownAt };
            sent = outbox.push(`/v1/responses?${site}`, { ...body, ...context(), idempotencyKey: key });
          }
          if (done && !finished) {
            finished = true;
            visitor.mark(survey.id, { answeredAt: Date.now() });
            event('completion', survey.id);
          }
          return sent;
        },
        dismiss() {
          if (finished) return;
          visitor.mark(survey.id, { dismissedAt: Date.now() });
          event('dismissal', survey.id);
        },
      });
    });
  }

  function candidates(): PublishedSurvey[] {
    const settings = config?.settings;
    if (!settings || showing) return [];
    const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
    if (settings.respectDoNotTrack && (nav.doNotTrack === '1' || nav.globalPrivacyControl)) return [];
    const state = visitor.get();
    const ctx = { url: location.href, now: Date.now(), attributes: state.attrs, events: pageEvents, recontactDays: settings.recontactDays };
    return config!.surveys.filter((survey) => {
      if (blockedReason(survey, state, ctx)) return false;
      let sampled = state.surveys[survey.id]?.sampled;
      if (sampled === undefined) visitor.mark(survey.id, { sampled: (sampled = inSample(survey.caps.samplePercent, Math.random())) });
      return sampled;
    });
  }

  // Tracked events make surveys eligible on the page view they happened in, not on the next route.
  const triggers = createTriggers({ candidates, onReady: showSurvey, onNavigate: () => (pageEvents.length = 0) });
  const labelFor = () => (locale === 'zh-CN' ? zhLauncher : enLauncher).open;
  const openFeedback = () => void present((module, host) => module.openFeedback(host));

  const ready = fetchConfig(origin, siteKey).then((loaded) => {
    config = loaded;
    shadow = createShadow(document, script.nonce || undefined);
    shadow.adoptStyles(LAUNCHER_CSS);
    const settings = loaded?.settings;
    if (settings) {
      // The page's own choice (data-locale, or setLocale before the config came) wins over the site's.
      if (settings.locale && !chosenLocale) locale = settings.locale;
      const { accent, radius, position, mode } = settings.theme;
      shadow.host.style.setProperty('--fl-accent', accent);
      shadow.host.style.setProperty('--fl-r', `${radius}px`);
      shadow.host.dataset.position = position;
      shadow.host.dataset.mode = mode;
    }
    // Without a config (collector unreachable) the launcher still works: sends are queued.
    if (settings?.launcher ?? true) launcher = createLauncher(shadow.root, labelFor(), openFeedback);
    setTimeout(() => {
      triggers.evaluate();
      // Whatever an earlier page view left unsent goes out now.
      outbox.retryNow();
    });
  });

  installCommands({
    identify(userId, attributes) {
      visitor.identify(userId, attributes);
      triggers.evaluate();
    },
    track(name) {
      pageEvents.push(String(name));
      triggers.evaluate();
    },
    open(surveyId) {
      void ready.then(() => {
        const survey = surveyId && config?.surveys.find((s) => s.id === surveyId);
        if (survey) showSurvey(survey);
        else if (!surveyId || surveyId === 'feedback') openFeedback();
      });
    },
    close: () => ui?.close(),
    reset: () => visitor.reset(),
    setLocale(next) {
      locale = pickLocale((chosenLocale = next));
      if (launcher) launcher.textContent = labelFor();
    },
  });

  addEventListener('pagehide', outbox.beacon);
  addEventListener('online', outbox.retryNow);
}

try {
  const script = findScript();
  if (script) {
    if (document.body) boot(script);
    else document.addEventListener('DOMContentLoaded', () => boot(script), { once: true });
  }
} catch (err) {
  // A broken widget must never break the page that embeds it.
  console.warn('[feedloop]', err);
}
