import type { Kysely } from 'kysely';
import type { AdminSession, Database } from './database.ts';

export async function insertSession(db: Kysely<Database>, session: AdminSession): Promise<void> {
  await db.insertInto('admin_sessions').values(session).execute();
}

/** The session for a token hash, or undefined when it is unknown or has expired. */
export function findLiveSession(
  db: Kysely<Database>,
  tokenHash: string,
  now: number,
): Promise<AdminSession | undefined> {
  return db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
}

/** A user's live sessions (or everyone's), newest first, with the owner's email. */
export function listLiveSessions(db: Kysely<Database>, now: number, userId?: string) {
  let query = db
    .selectFrom('admin_sessions')
    .innerJoin('admin_users', 'admin_users.id', 'admin_sessions.user_id')
    .select([
      'admin_sessions.id',
      'admin_sessions.token_hash',
      'admin_sessions.user_id',
      'admin_sessions.created_at',
      'admin_sessions.expires_at',
      'admin_sessions.user_agent',
      'admin_users.email',
    ])
    .where('admin_sessions.expires_at', '>', now);
  if (userId !== undefined) query = query.where('admin_sessions.user_id', '=', userId);
  return query.orderBy('admin_sessions.created_at', 'desc').execute();
}

export function findSessionById(db: Kysely<Database>, id: string): Promise<AdminSession | undefined> {
  return db.selectFrom('admin_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteSessionById(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id', '=', id).execute();
}

/** Signs a user out everywhere except, when given, the session with `keepTokenHash`. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string, keepTokenHash?: string): Promise<void> {
  let query = db.deleteFrom('admin_sessions').where('user_id', '=', userId);
  if (keepTokenHash !== undefined) query = query.where('token_hash', '!=', keepTokenHash);
  await query.execute();
}
