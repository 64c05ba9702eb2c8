import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, ORIGIN, type TestContext, createTestContext } from '../../test/helpers/context.ts';
import { AppError } from '../services/app-error.ts';
import { ACCOUNT_MAX_FAILED, SESSION_TTL_MS, checkPassword } from '../services/auth.ts';
import { LOCKOUT_MS, MAX_FAILED_PER_SENDER } from '../services/login-guard.ts';
import { findAdminByEmail, recordFailedLogin } from '../store/admin-users.ts';

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

function loginFrom(address: string, email: string, password: string) {
  return ctx.app.request('/admin/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
}

describe('sign-in lockout under parallel guesses', () => {
  it('checks no more guesses sent at once than the lockout allows, and locks the sender', async () => {
    const answers = await Promise.all(Array.from({ length: 3 * MAX_FAILED_PER_SENDER }, () => login('wrong password')));
    // The first five are checked and the rest refused unchecked; each of the five, ending wrong,
    // finds the sender's tries used up, so every answer is the lock.
    expect(answers.map((r) => r.status)).toEqual(Array(3 * MAX_FAILED_PER_SENDER).fill(429));
    const right = await login(ADMIN.password);
    expect(right.status).toBe(429);
    expect(((await right.json()) as { error: { code: string } }).error.code).toBe('account_locked');
  });

  it('counts wrong guesses on the account in one statement, whatever row each guess read', async () => {
    // What each of several parallel checks holds: the row as it was before any guess failed.
    const stale = (await findAdminByEmail(ctx.store.db, ADMIN.email))!;
    const now = ctx.clock.now();
    for (let i = 0; i < ACCOUNT_MAX_FAILED - 1; i++) expect(await recordFailedLogin(ctx.store.db, stale.id, now, ACCOUNT_MAX_FAILED, now + LOCKOUT_MS)).toBeNull();
    expect(await recordFailedLogin(ctx.store.db, stale.id, now, ACCOUNT_MAX_FAILED, now + LOCKOUT_MS)).toBe(now + LOCKOUT_MS);
  });

  it('refuses the right password checked against a row read before the account was locked, and keeps it locked', async () => {
    const stale = (await findAdminByEmail(ctx.store.db, ADMIN.email))!;
    const now = ctx.clock.now();
    for (let i = 0; i < ACCOUNT_MAX_FAILED; i++) await recordFailedLogin(ctx.store.db, stale.id, now, ACCOUNT_MAX_FAILED, now + LOCKOUT_MS);
    const deps = { db: ctx.store.db, clock: ctx.clock };
    expect(await errorCode(checkPassword(deps, stale, ADMIN.password))).toBe('account_locked');
    expect((await login(ADMIN.password)).status).toBe(429);
    ctx.clock.advance(LOCKOUT_MS + 1);
    expect((await login(ADMIN.password)).status).toBe(200);
  });
});

describe('sign-in lockout per sender', () => {
  it('keeps the account open to everyone else while one address is locked out', async () => {
    await ctx.close();
    ctx = await createTestContext({ trustProxy: 1 });
    for (let i = 0; i < MAX_FAILED_PER_SENDER; i++) await loginFrom('203.0.113.66', ADMIN.email, 'wrong password');
    expect((await loginFrom('203.0.113.66', ADMIN.email, ADMIN.password)).status).toBe(429);
    // The admin, from anywhere else, still signs in.
    expect((await loginFrom('198.51.100.20', ADMIN.email, ADMIN.password)).status).toBe(200);
    expect((await findAdminByEmail(ctx.store.db, ADMIN.email))!.locked_until).toBeNull();
  });

  it('locks an unknown email like a real one, so the lockout does not tell which emails exist', async () => {
    await ctx.close();
    ctx = await createTestContext({ trustProxy: 1 });
    const statuses = async (email: string) => {
      const seen: number[] = [];
      for (let i = 0; i <= MAX_FAILED_PER_SENDER; i++) seen.push((await loginFrom('203.0.113.67', email, 'wrong password')).status);
      return seen;
    };
    expect(await statuses('nobody@example.test')).toEqual(await statuses(ADMIN.email));
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
