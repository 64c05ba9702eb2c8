import { render } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { setCsrfToken } from '../../collector/admin/api.ts';
import { setLocale } from '../../collector/admin/i18n/locale.ts';
import { SESSION_COOKIE } from '../../collector/http/admin-auth.ts';
import { login } from '../../collector/services/auth.ts';
import { LoginGuard } from '../../collector/services/login-guard.ts';
import type { AdminUser } from '../../collector/store/database.ts';
import { ADMIN, feedback, ORIGIN, type TestContext, createTestContext } from './context.ts';

/**
 * For admin-view components under happy-dom: signs the test admin in through the service
 * (happy-dom's Response hides Set-Cookie from a sign-in over HTTP) and sends every fetch the
 * view makes to the real app in-process, as that signed-in browser.
 */
export async function routeFetchToApp(ctx: TestContext): Promise<{ csrfToken: string; user: AdminUser }> {
  const { token, session, user } = await login({ db: ctx.store.db, clock: ctx.clock, guard: new LoginGuard(ctx.clock) }, { ...ADMIN, userAgent: 'happy-dom', sender: '' });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), ORIGIN), init);
    // Set after construction: happy-dom's Request drops Cookie, Origin and Content-Length given to
    // it up front (and without a length the body limit would rebuild the request, dropping them).
    request.headers.set('cookie', `${SESSION_COOKIE}=${token}`);
    request.headers.set('origin', ORIGIN);
    if (typeof init?.body === 'string') request.headers.set('content-length', String(Buffer.byteLength(init.body)));
    return ctx.app.fetch(request);
  }) as typeof fetch;
  return { csrfToken: session.csrf_token, user };
}

/**
 * Stores feedback texts through the public ingest endpoint from a happy-dom test, one second
 * apart (each from its own client, within the rate limits), as a visitor's widget would.
 */
export async function storeFeedback(ctx: TestContext, texts: readonly string[]): Promise<void> {
  for (const text of texts) {
    const request = new Request(`${ORIGIN}/v1/responses?site=${ctx.site.public_key}`, {
      method: 'POST',
      body: JSON.stringify(feedback({ text, clientId: `client_${text.length}abcdef` })),
    });
    // Headers set after construction: happy-dom's Request drops Origin given up front.
    request.headers.set('origin', ORIGIN);
    request.headers.set('content-type', 'text/plain');
    const res = await ctx.app.fetch(request);
    if (res.status !== 200) throw new Error(`storing "${text}" answered ${res.status}: ${await res.text()}`);
    ctx.clock.advance(1000);
  }
}

export interface AdminView {
  /** The collector the view talks to, in-process on a temp SQLite file. */
  readonly ctx: TestContext;
  /** A fresh element in the document for each test, unmounted and removed after it. */
  readonly root: HTMLElement;
  /** The signed-in admin's CSRF token, set on the view's API client before each test. */
  readonly csrf: string;
  readonly admin: { id: string; email: string };
}

/**
 * For admin-view tests under happy-dom: registers the hooks that start a collector once (with
 * `seed` run on it, then every fetch routed to it as the signed-in admin), mount a root element
 * for each test and put the locale back to English after it.
 */
export function useAdminView(seed?: (ctx: TestContext) => Promise<void>): AdminView {
  let ctx: TestContext | undefined;
  let root: HTMLElement | undefined;
  let csrf = '';
  let admin = { id: '', email: '' };
  beforeAll(async () => {
    ctx = await createTestContext();
    const { csrfToken, user } = await routeFetchToApp(ctx);
    csrf = csrfToken;
    admin = { id: user.id, email: user.email };
    await seed?.(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
  });
  beforeEach(() => {
    setCsrfToken(csrf);
    root = document.createElement('div');
    document.body.appendChild(root);
  });
  afterEach(() => {
    if (root) render(null, root);
    root?.remove();
    setLocale('en');
  });
  return {
    get ctx() {
      return ctx!;
    },
    get root() {
      return root!;
    },
    get csrf() {
      return csrf;
    },
    get admin() {
      return admin;
    },
  };
}
