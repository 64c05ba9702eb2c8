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
