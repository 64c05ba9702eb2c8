import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { clearFailedLogins, findAdminByEmail, findAdminById, recordFailedLogin } from '../store/admin-users.ts';
import { deleteExpiredSessions, deleteSession, findLiveSession, insertSession } from '../store/admin-sessions.ts';
import type { AdminSession, AdminUser, Database } from '../store/database.ts';
import { AppError } from './app-error.ts';
import { type Clock, randomToken } from './clock-ids.ts';
import { LOCKOUT_MS, type LoginGuard, guardKey, lockedError } from './login-guard.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/**
 * Wrong passwords in a row, from anywhere, that lock the account itself for LOCKOUT_MS: a backstop
 * against guessing from many addresses. One address or session is locked out much sooner
 * (login-guard.ts, MAX_FAILED_PER_SENDER), and that lock keeps no one else out.
 */
export const ACCOUNT_MAX_FAILED = 100;

export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export interface LoggedIn {
  /** Goes into the HttpOnly cookie; only its hash is stored. */
  token: string;
  session: AdminSession;
  user: AdminUser;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Checks the password and opens a session. Wrong passwords lock the sender (`sender`: a key for
 * the client's address, '' when there is none) out of that account for LOCKOUT_MS, even for the
 * right password, so guessing cannot go on (login-guard.ts); many more from anywhere lock the account.
 */
export async function login(
  deps: AuthDeps & { guard: LoginGuard },
  input: { email: string; password: string; userAgent: string; sender: string },
): Promise<LoggedIn> {
  const email = input.email.trim().toLowerCase();
  const key = guardKey(email, input.sender);
  deps.guard.begin(key);
  const user = await findAdminByEmail(deps.db, email);
  if (!user) {
    // Same work as a real check, so response time does not reveal which emails exist.
    await verifyPassword(input.password, await DUMMY_HASH_PROMISE);
    deps.guard.wrong(key);
    throw new AppError('invalid_credentials', 'Wrong email or password.');
  }
  if (!(await checkPassword(deps, user, input.password))) {
    deps.guard.wrong(key);
    throw new AppError('invalid_credentials', 'Wrong email or password.');
  }
  deps.guard.right(key);
  return openSession(deps, user, input.userAgent);
}

/**
 * Verifies a user's password, counting a wrong one toward the account's lockout (sign-in and
 * password change share the count, so a session left open cannot be used to guess the password
 * either; each also has its own, much lower, limit per sender: login-guard.ts).
 * Throws account_locked while locked or when this failure locks; false for a wrong password.
 * `user` may have been read before other guesses locked the account: the count and the lock are
 * decided on the row as it is when this check ends, so parallel guesses gain nothing.
 */
export async function checkPassword(deps: AuthDeps, user: AdminUser, password: string): Promise<boolean> {
  const now = deps.clock.now();
  if (user.locked_until !== null && user.locked_until > now) throw lockedError(user.locked_until, now);
  if (!(await verifyPassword(password, user.password_hash))) {
    const lockedUntil = await recordFailedLogin(deps.db, user.id, now, ACCOUNT_MAX_FAILED, now + LOCKOUT_MS);
    if (lockedUntil != null && lockedUntil > now) throw lockedError(lockedUntil, now);
    return false;
  }
  if (!(await clearFailedLogins(deps.db, user.id, now))) {
    const current = await findAdminById(deps.db, user.id);
    if (current?.locked_until != null && current.locked_until > now) throw lockedError(current.locked_until, now);
    return false;
  }
  return true;
}

/** A new session for a user whose identity was just proven (a password, or an accepted invite). */
export async function openSession(deps: AuthDeps, user: AdminUser, userAgent: string): Promise<LoggedIn> {
  const now = deps.clock.now();
  const token = randomToken(32);
  const session: AdminSession = {
    id: randomToken(16),
    token_hash: hashToken(token),
    user_id: user.id,
    csrf_token: randomToken(24),
    created_at: now,
    expires_at: now + SESSION_TTL_MS,
    user_agent: userAgent.slice(0, 300),
  };
  // Expired rows only keep old browser strings around; clearing them here bounds the table.
  await deleteExpiredSessions(deps.db, now);
  await insertSession(deps.db, session);
  return { token, session, user };
}

export async function authenticate(
  deps: AuthDeps,
  token: string | undefined,
): Promise<{ session: AdminSession; user: AdminUser }> {
  const session = token ? await findLiveSession(deps.db, hashToken(token), deps.clock.now()) : undefined;
  const user = session ? await findAdminById(deps.db, session.user_id) : undefined;
  if (!session || !user) throw new AppError('unauthorized', 'Sign in to continue.');
  return { session, user };
}

export async function logout(deps: AuthDeps, token: string): Promise<void> {
  await deleteSession(deps.db, hashToken(token));
}
