import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * The salt of `day`, creating it from `candidate` if that day has none yet (several processes
 * agree on whichever was written first), and deleting the salts of days before `keepFrom`.
 */
export async function daySalt(db: Kysely<Database>, day: string, candidate: string, keepFrom: string): Promise<string> {
  await db.insertInto('ip_salts').values({ day, salt: candidate }).onConflict((oc) => oc.column('day').doNothing()).execute();
  await deleteSaltsBefore(db, keepFrom);
  const row = await db.selectFrom('ip_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
  return row.salt;
}

export async function deleteSaltsBefore(db: Kysely<Database>, keepFrom: string): Promise<void> {
  await db.deleteFrom('ip_salts').where('day', '<', keepFrom).execute();
}
