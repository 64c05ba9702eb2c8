import type { Kysely } from 'kysely';
import type { SessionItem, UserItem } from '../../shared/schema/accounts.ts';
import type { Role } from '../../shared/schema/admin-api.ts';
import { deleteSessionById, deleteUserSessions, findSessionById, listLiveSessions } from '../store/admin-sessions.ts';
import { countUsersWithRole, deleteAdmin, findAdminById, listAdmins, updateAdmin } from '../store/admin-users.ts';
import type { AdminSession, AdminUser, Database } from '../store/database.ts';
import { AppError } from './app-error.ts';
import { type AuthDeps, checkPassword } from './auth.ts';
import { type LoginGuard, guardKey } from './login-guard.ts';
import { hashPassword } from './passwords.ts';
import { classifyUserAgent } from './user-agent.ts';

export function toUserItem(user: AdminUser): UserItem {
  return { id: user.id, email: user.email, role: user.role, createdAt: user.created_at, lockedUntil: user.locked_until };
}

export async function listUsers(deps: AuthDeps): Promise<UserItem[]> {
  return (await listAdmins(deps.db)).map(toUserItem);
}

async function requireUser(db: Kysely<Database>, id: string): Promise<AdminUser> {
  const user = await findAdminById(db, id);
  if (!user) throw new AppError('user_not_found', `No user ${id.slice(0, 64)}.`);
  return user;
}

/**
 * Runs `change` on a user unless it would leave no admin. The count and the change share one
 * transaction, so two admins demoting each other at once cannot both succeed.
 */
async function withAdminsLeft(
  deps: AuthDeps,
  id: string,
  losesAdmin: (user: AdminUser) => boolean,
  change: (trx: Kysely<Database>, user: AdminUser) => Promise<void>,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, id);
    if (losesAdmin(user) && (await countUsersWithRole(trx, 'admin')) <= 1) {
      throw new AppError('last_admin', 'This is the last admin; make someone else admin first.');
    }
    await change(trx, user);
  });
}

/** Roles are read from the user row on every request, so a change applies to open sessions at once. */
export async function changeRole(deps: AuthDeps, id: string, role: Role): Promise<UserItem> {
  await withAdminsLeft(
    deps,
    id,
    (user) => user.role === 'admin' && role !== 'admin',
    (trx) => updateAdmin(trx, id, { role }),
  );
  return toUserItem(await requireUser(deps.db, id));
}

export async function removeUser(deps: AuthDeps, id: string): Promise<void> {
  await withAdminsLeft(
    deps,
    id,
    (user) => user.role === 'admin',
    async (trx) => {
      await deleteUserSessions(trx, id);
      await deleteAdmin(trx, id);
    },
  );
}

/**
 * Checks the current password, stores the new one and signs the user out of every other session.
 * Wrong current passwords lock this session out of changing it like wrong sign-ins lock an address
 * (login-guard.ts), so a session left open cannot be used to guess the password.
 */
export async function changePassword(
  deps: AuthDeps & { guard: LoginGuard },
  user: AdminUser,
  session: AdminSession,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const key = guardKey(user.email, `session:${session.id}`);
  deps.guard.begin(key);
  if (!(await checkPassword(deps, user, input.currentPassword))) {
    deps.guard.wrong(key);
    throw new AppError('wrong_password', 'The current password is wrong; nothing was changed.', { field: 'currentPassword' });
  }
  deps.guard.right(key);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await updateAdmin(trx, user.id, { password_hash: passwordHash, failed_logins: 0, locked_until: null });
    await deleteUserSessions(trx, user.id, session.token_hash);
  });
}

/** Live sessions, of one user or (userId undefined) of everyone, marking the caller's own. */
export async function listSessions(deps: AuthDeps, current: AdminSession, userId?: string): Promise<SessionItem[]> {
  const rows = await listLiveSessions(deps.db, deps.clock.now(), userId);
  return rows.map((row) => {
    const { browser, os, device } = classifyUserAgent(row.user_agent);
    return {
      id: row.id,
      userId: row.user_id,
      email: row.email,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      agent: { browser, os, device },
      current: row.token_hash === current.token_hash,
    };
  });
}

/**
 * Ends a session by its opaque id. `ownerId` limits it to that user's sessions (what non-admins
 * may do); someone else's id then answers like an unknown one, so ids cannot be probed.
 */
export async function revokeSession(deps: AuthDeps, id: string, ownerId?: string): Promise<void> {
  const session = await findSessionById(deps.db, id);
  if (!session || (ownerId !== undefined && session.user_id !== ownerId)) {
    throw new AppError('session_not_found', 'No such session; it may have ended already.');
  }
  await deleteSessionById(deps.db, id);
}
