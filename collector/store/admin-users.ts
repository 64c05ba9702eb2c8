import type { Kysely } from 'kysely';
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
