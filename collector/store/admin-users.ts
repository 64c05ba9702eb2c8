import { type Kysely, sql } from 'kysely';
import type { AdminUser, AdminUserUpdate, Database } from './database.ts';

export function findAdminByEmail(db: Kysely<Database>, email: string): Promise<AdminUser | undefined> {
  return db.selectFrom('admin_users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findAdminById(db: Kysely<Database>, id: string): Promise<AdminUser | undefined> {
  return db.selectFrom('admin_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAdmin(db: Kysely<Database>, user: Omit<AdminUser, 'failed_logins'>): Promise<void> {
  await db.insertInto('admin_users').values(user).execute();
}

export async function updateAdmin(db: Kysely<Database>, id: string, patch: AdminUserUpdate): Promise<void> {
  await db.updateTable('admin_users').set(patch).where('id', '=', id).execute();
}

/**
 * Counts one wrong password in a single statement, so guesses checked at the same time cannot
 * each read the same count and write it back one higher (which let any number of parallel
 * guesses count as one). The `maxFailures`-th failure in a row locks the account until
 * `lockUntil` and starts the count again; failures while it is locked change nothing.
 * Returns the account's locked_until afterwards (undefined when the user is gone).
 */
export async function recordFailedLogin(
  db: Kysely<Database>,
  id: string,
  now: number,
  maxFailures: number,
  lockUntil: number,
): Promise<number | null | undefined> {
  // SQLite evaluates every SET expression against the row as it was before this update.
  const row = await db
    .updateTable('admin_users')
    .set({
      failed_logins: sql<number>`case when locked_until > ${now} then failed_logins when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
      locked_until: sql<number | null>`case when locked_until > ${now} then locked_until when failed_logins + 1 >= ${maxFailures} then ${lockUntil} else null end`,
    })
    .where('id', '=', id)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until;
}

/**
 * Starts the failure count again after a right password, unless the account is locked by now:
 * a guess checked alongside the ones that locked it must not unlock it. False when it is locked
 * (or the user is gone).
 */
export async function clearFailedLogins(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('admin_users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('admin_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listAdmins(db: Kysely<Database>): Promise<AdminUser[]> {
  return db.selectFrom('admin_users').selectAll().orderBy('created_at').orderBy('email').execute();
}

export async function countUsersWithRole(db: Kysely<Database>, role: AdminUser['role']): Promise<number> {
  const row = await db
    .selectFrom('admin_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Removes a user. Responses assigned to them go back to unassigned, so they show up as needing an
 * owner instead of staying with someone who can no longer sign in. (Notes and activity keep the
 * old id as history.)
 */
export async function deleteAdmin(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('responses').set({ assignee_id: null }).where('assignee_id', '=', id).execute();
  await db.deleteFrom('admin_users').where('id', '=', id).execute();
}
