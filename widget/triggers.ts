import type { PublishedSurvey } from '../shared/schema/survey.ts';

/**
 * Arms each eligible survey's page conditions (delay, scroll depth, exit intent) and calls
 * `onReady` once they all hold. A route change in a single-page app (pushState, replaceState,
 * popstate changing the URL) starts a new page view: timers restart and eligibility is re-checked.
 */
export function createTriggers(opts: {
  candidates(): PublishedSurvey[];
  onReady(survey: PublishedSurvey): void;
  /** A new page view of a single-page app began (before its triggers are evaluated). */
  onNavigate(): void;
}) {
  let armed = new Map<string, { delay: boolean; scroll: boolean; exit: boolean }>();
  let timers: Array<ReturnType<typeof setTimeout>> = [];
  let href = location.href;
  let viewStart = Date.now();

  function scrolled(): number {
    const doc = document.documentElement;
    const scrollable = doc.scrollHeight - innerHeight;
    return scrollable <= 0 ? 100 : (scrollY / scrollable) * 100;
  }

  function check(survey: PublishedSurvey) {
    const state = armed.get(survey.id);
    if (!state) return;
    const t = survey.trigger;
    state.scroll ||= scrolled() >= t.scrollPercent;
    if (state.delay && state.scroll && state.exit) {
      armed.delete(survey.id);
      opts.onReady(survey);
    }
  }

  /** Re-checks every candidate; call after identify/track/config changes. */
  function evaluate() {
    for (const survey of opts.candidates()) {
      if (armed.has(survey.id)) continue;
      const t = survey.trigger;
      const wait = t.delayMs - (Date.now() - viewStart);
      // Exit intent only exists with a mouse; on touch devices the condition is dropped.
      const exitNeeded = t.exitIntent && matchMedia('(pointer: fine)').matches;
      armed.set(survey.id, { delay: wait <= 0, scroll: false, exit: !exitNeeded });
      listen(t.scrollPercent > 0, exitNeeded);
      if (wait > 0) {
        timers.push(
          setTimeout(() => {
            const state = armed.get(survey.id);
            if (state) state.delay = true;
            check(survey);
          }, wait),
        );
      }
      check(survey);
    }
  }

  function each() {
    for (const survey of opts.candidates()) check(survey);
  }

  // Listeners are added only once a survey needs them: most pages need neither.
  const listening = { scroll: false, exit: false };
  function listen(needsScroll: boolean, needsExit: boolean) {
    if (needsScroll && !listening.scroll) {
      listening.scroll = true;
      addEventListener('scroll', each, { passive: true });
    }
    if (needsExit && !listening.exit) {
      listening.exit = true;
      document.addEventListener('mouseout', (event) => {
        if (event.relatedTarget || event.clientY > 0) return;
        for (const [, state] of armed) state.exit = true;
        each();
      });
    }
  }

  function navigated() {
    if (location.href === href) return;
    href = location.href;
    viewStart = Date.now();
    timers.forEach(clearTimeout);
    timers = [];
    armed = new Map();
    opts.onNavigate();
    evaluate();
  }

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      navigated();
    };
  }
  addEventListener('popstate', navigated);

  return { evaluate };
}
