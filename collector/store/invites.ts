import type { Kysely } from 'kysely';
import type { AdminInvite, Database } from './database.ts';

export async function insertInvite(db: Kysely<Database>, invite: AdminInvite): Promise<void> {
  await db.insertInto('admin_invites').values(invite).execute();
}

/** Invites not yet used, revoked or expired, newest first. */
export function listPendingInvites(db: Kysely<Database>, now: number): Promise<AdminInvite[]> {
  return db.selectFrom('admin_invites').selectAll().where('expires_at', '>', now).orderBy('created_at', 'desc').execute();
}

export function findLiveInviteByHash(db: Kysely<Database>, tokenHash: string, now: number): Promise<AdminInvite | undefined> {
  return db
    .selectFrom('admin_invites')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** True when this call removed the row: the one caller that gets true may use the invite. */
export async function deleteInvite(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('admin_invites').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteInvitesFor(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('admin_invites').where('email', '=', email).execute();
}

export async function deleteExpiredInvites(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('admin_invites').where('expires_at', '<=', now).execute();
}
