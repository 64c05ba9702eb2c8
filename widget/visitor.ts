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
  let saved: Saved = { ...fresh(), ...readJson<Partial<Saved>>(key, {}) };
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(saved.cid)) saved.cid = randomId();

  // A visit is a browser session, not a page view: count it once per tab session.
  try {
    if (!sessionStorage.getItem(key)) {
      sessionStorage.setItem(key, '1');
      saved.visits += 1;
    }
  } catch {
    saved.visits = Math.max(saved.visits, 1);
  }
  const persist = () => writeJson(key, saved);
  persist();

  return {
    get: () => saved,
    identify(uid: string, attrs: Attributes = {}) {
      saved.uid = String(uid).slice(0, 128);
      saved.attrs = { ...saved.attrs, ...attrs };
      persist();
    },
    mark(surveyId: string, change: Partial<Saved['surveys'][string]>, shown = false) {
      saved.surveys[surveyId] = { ...saved.surveys[surveyId], ...change };
      if (shown) saved.lastShownAt = Date.now();
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
