import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, ORIGIN, type TestContext, createTestContext } from '../../test/helpers/context.ts';
import { AppError } from '../services/app-error.ts';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, SESSION_TTL_MS, checkPassword } from '../services/auth.ts';
import { findAdminByEmail } from '../store/admin-users.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

function login(password: string) {
  return ctx.app.request('/admin/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email: ADMIN.email, password }),
  });
}

async function errorCode(check: Promise<boolean>): Promise<string | boolean> {
  try {
    return await check;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe('sign-in lockout under parallel guesses', () => {
  it('counts every one of many guesses sent at once, and locks the account', async () => {
    const statuses = await Promise.all(Array.from({ length: 3 * MAX_FAILED_LOGINS }, () => login('wrong password')).map(async (r) => (await r).status));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const right = await login(ADMIN.password);
    expect(right.status).toBe(429);
    expect(((await right.json()) as { error: { code: string } }).error.code).toBe('account_locked');
  });

  it('counts wrong guesses checked against a user row read before the others were counted', async () => {
    // What each of several parallel requests holds: the row as it was before any guess failed.
    const stale = (await findAdminByEmail(ctx.store.db, ADMIN.email))!;
    const deps = { db: ctx.store.db, clock: ctx.clock };
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect(await errorCode(checkPassword(deps, stale, 'wrong password'))).toBe(false);
    expect(await errorCode(checkPassword(deps, stale, 'wrong password'))).toBe('account_locked');
    expect((await findAdminByEmail(ctx.store.db, ADMIN.email))!.locked_until).toBe(ctx.clock.now() + LOCKOUT_MS);
  });

  it('refuses the right password checked alongside the guesses that locked the account, and keeps it locked', async () => {
    const stale = (await findAdminByEmail(ctx.store.db, ADMIN.email))!;
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('wrong password');
    const deps = { db: ctx.store.db, clock: ctx.clock };
    expect(await errorCode(checkPassword(deps, stale, ADMIN.password))).toBe('account_locked');
    expect((await login(ADMIN.password)).status).toBe(429);
    ctx.clock.advance(LOCKOUT_MS + 1);
    expect((await login(ADMIN.password)).status).toBe(200);
  });
});

describe('expired sessions', () => {
  it('are deleted when someone signs in, so the table keeps only live sessions', async () => {
    expect((await login(ADMIN.password)).status).toBe(200);
    expect((await login(ADMIN.password)).status).toBe(200);
    ctx.clock.advance(SESSION_TTL_MS);
    expect((await login(ADMIN.password)).status).toBe(200);
    const rows = await ctx.store.db.selectFrom('admin_sessions').select('expires_at').execute();
    expect(rows.map((r) => r.expires_at)).toEqual([ctx.clock.now() + SESSION_TTL_MS]);
  });
});
