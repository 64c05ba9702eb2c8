import type { VisitorState } from '../shared/targeting.ts';
import { randomId, readJson, removeItem, writeJson } from './storage.ts';

type Attributes = Record<string, string | number | boolean>;

interface Saved extends VisitorState {
  cid: string;
  uid?: string;
  attrs: Attributes;
}

/** Who this visitor is and what they were asked, kept per site in localStorage. */
export function createVisitor(siteKey: string) {
  const key = `feedloop:${siteKey}`;
  const fresh = (): Saved => ({ cid: randomId(), attrs: {}, visits: 0, surveys: {} });
  const persist = () => writeJson(key, saved);
  let saved: Saved | undefined;

  // Loaded on first use, not at script start: the first localStorage access of a page can take
  // milliseconds, and the host page's first task should not pay for it.
  function load(): Saved {
    if (saved) return saved;
    const loaded: Saved = { ...fresh(), ...readJson<Partial<Saved>>(key, {}) };
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(loaded.cid)) loaded.cid = randomId();
    // A visit is a browser session, not a page view: count it once per tab session.
    try {
      if (!sessionStorage.getItem(key)) {
        sessionStorage.setItem(key, '1');
        loaded.visits += 1;
      }
    } catch {
      loaded.visits = Math.max(loaded.visits, 1);
    }
    saved = loaded;
    persist();
    return loaded;
  }

  return {
    get: load,
    identify(uid: string, attrs: Attributes = {}) {
      const s = load();
      s.uid = String(uid).slice(0, 128);
      s.attrs = { ...s.attrs, ...attrs };
      persist();
    },
    mark(surveyId: string, change: Partial<Saved['surveys'][string]>, shown = false) {
      const s = load();
      s.surveys[surveyId] = { ...s.surveys[surveyId], ...change };
      if (shown) s.lastShownAt = Date.now();
      persist();
    },
    /** Forget the person: a new anonymous id, no attributes, no history. */
    reset() {
      removeItem(key);
      saved = { ...fresh(), visits: 1 };
      persist();
    },
  };
}

export type Visitor = ReturnType<typeof createVisitor>;
