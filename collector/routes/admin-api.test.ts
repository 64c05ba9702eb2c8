import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseList, SessionInfo } from '../../shared/schema/admin-api.ts';
import { ADMIN, ORIGIN, type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';
import { createApp } from '../app.ts';
import { LOCKOUT_MS, MAX_FAILED_PER_SENDER } from '../services/login-guard.ts';
import { randomIds } from '../services/clock-ids.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

function login(body: unknown, headers: Record<string, string> = {}) {
  return ctx.app.request('/admin/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
}

async function signedIn() {
  const res = await login(ADMIN);
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const info = (await res.json()) as SessionInfo;
  return { cookie, csrf: info.csrfToken, info, setCookie: res.headers.get('set-cookie')! };
}

describe('admin sessions', () => {
  it('signs in with an HttpOnly SameSite=Strict cookie and returns a CSRF token', async () => {
    const { setCookie, info } = await signedIn();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/admin/);
    expect(info.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(info.csrfToken.length).toBeGreaterThanOrEqual(24);
  });

  it('marks the cookie Secure by default when people reach the collector over HTTPS (PUBLIC_URL), as behind a TLS proxy', async () => {
    // The collector itself is reached over plain HTTP, as behind a proxy that ends TLS.
    expect((await signedIn()).setCookie).not.toMatch(/Secure/i);
    const publicUrl = 'https://feedback.example';
    const behindProxy = createApp({ store: ctx.store, clock: ctx.clock, ids: randomIds, config: { ...ctx.config, publicUrl }, assets: ctx.assets });
    const res = await behindProxy.request('/admin/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: publicUrl },
      body: JSON.stringify(ADMIN),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
  });

  it('stores only a hash of the session token', async () => {
    const { cookie } = await signedIn();
    const token = cookie.split('=')[1]!;
    const rows = await ctx.store.db.selectFrom('admin_sessions').select('token_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
  });

  it('stores the password hashed with scrypt', async () => {
    const user = await ctx.store.db.selectFrom('admin_users').selectAll().executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(user.password_hash).not.toContain(ADMIN.password);
  });

  it('rejects a wrong password and an unknown email the same way', async () => {
    const wrong = await login({ email: ADMIN.email, password: 'nope nope nope' });
    const unknown = await login({ email: 'who@example.test', password: 'nope nope nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it(`locks the sender out after ${MAX_FAILED_PER_SENDER} wrong passwords, even for the right one, until the lock expires`, async () => {
    for (let i = 0; i < MAX_FAILED_PER_SENDER - 1; i++) {
      expect((await login({ email: ADMIN.email, password: 'wrong password' })).status).toBe(401);
    }
    const locking = await login({ email: ADMIN.email, password: 'wrong password' });
    expect(locking.status).toBe(429);
    expect(locking.headers.get('retry-after')).toBe(String(LOCKOUT_MS / 1000));
    const right = await login(ADMIN);
    expect(right.status).toBe(429);
    expect(((await right.json()) as { error: { code: string } }).error.code).toBe('account_locked');
    ctx.clock.advance(LOCKOUT_MS + 1);
    expect((await login(ADMIN)).status).toBe(200);
  });

  it('refuses a cross-site login attempt', async () => {
    const res = await login(ADMIN, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('rejects a login body that is not JSON', async () => {
    const res = await ctx.app.request('/admin/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: 'email=a&password=b',
    });
    expect(res.status).toBe(415);
  });

  it('requires the CSRF header to sign out', async () => {
    const { cookie, csrf } = await signedIn();
    const without = await ctx.app.request('/admin/api/session', { method: 'DELETE', headers: { cookie, origin: ORIGIN } });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const withToken = await ctx.app.request('/admin/api/session', {
      method: 'DELETE',
      headers: { cookie, origin: ORIGIN, 'x-csrf-token': csrf },
    });
    expect(withToken.status).toBe(204);
    const after = await ctx.app.request('/admin/api/session', { headers: { cookie } });
    expect(after.status).toBe(401);
  });
});

describe('GET /admin/api/responses', () => {
  it('needs a session', async () => {
    const res = await ctx.app.request('/admin/api/responses');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('lists the latest responses first, paginated by cursor, as data', async () => {
    for (let i = 0; i < 3; i++) {
      await postResponse(ctx, feedback({ text: `<b>message ${i}</b>` }));
      ctx.clock.advance(1000);
    }
    const { cookie } = await signedIn();
    const first = (await (await ctx.app.request('/admin/api/responses?limit=2', { headers: { cookie } })).json()) as ResponseList;
    expect(first.items.map((r) => r.text)).toEqual(['<b>message 2</b>', '<b>message 1</b>']);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (
      await ctx.app.request(`/admin/api/responses?limit=2&cursor=${first.nextCursor}`, { headers: { cookie } })
    ).json()) as ResponseList;
    expect(second.items.map((r) => r.text)).toEqual(['<b>message 0</b>']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('rejects a bad limit with 422', async () => {
    const { cookie } = await signedIn();
    const res = await ctx.app.request('/admin/api/responses?limit=5000', { headers: { cookie } });
    expect(res.status).toBe(422);
  });
});
