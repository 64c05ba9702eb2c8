import { type Kysely, sql } from 'kysely';
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

/**
 * Deletes the salts of days before `keepFrom` so that they are gone from the files too: a
 * deleted row's bytes stay in its page until SQLite happens to reuse the space, and earlier
 * copies of the page stay in the WAL until it is written over, and with a day's salt anyone
 * holding the files could still hash every IPv4 address and so reverse that day's hashes. So the
 * salt is overwritten in place first (zeros of the same length: the same cell), and once a salt
 * went the WAL is checkpointed and emptied — once a day, when the day's first pruning runs.
 */
export async function deleteSaltsBefore(db: Kysely<Database>, keepFrom: string): Promise<void> {
  const zeroed = await db
    .updateTable('ip_salts')
    .set({ salt: sql<string>`zeroblob(length(cast(salt as blob)))` })
    .where('day', '<', keepFrom)
    .executeTakeFirst();
  if (zeroed.numUpdatedRows === 0n) return;
  await db.deleteFrom('ip_salts').where('day', '<', keepFrom).execute();
  // Best effort: the request hashing its address must not fail for it, and a WAL that could not
  // be emptied now is written over by later commits anyway.
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db).catch(() => undefined);
}
