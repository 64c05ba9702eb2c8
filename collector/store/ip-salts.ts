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
  await emptyWal(db).catch(() => undefined);
}

/**
 * How long emptying the WAL waits for other connections. A TRUNCATE checkpoint waits in the busy
 * handler until every reader is done with the WAL, and this runs on the event loop, in the day's
 * first request: with the connection's own 5 s, a process holding a read open (a backup, a
 * replication tool, the sqlite3 shell) stood the whole collector still for 5 s each midnight.
 */
const CHECKPOINT_WAIT_MS = 100;

async function emptyWal(db: Kysely<Database>): Promise<void> {
  // One connection held throughout, so no other query runs under the shortened timeout.
  await db.connection().execute(async (conn) => {
    const { timeout } = (await sql<{ timeout: number }>`pragma busy_timeout`.execute(conn)).rows[0]!;
    await sql.raw(`pragma busy_timeout = ${CHECKPOINT_WAIT_MS}`).execute(conn);
    try {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(conn);
    } finally {
      await sql.raw(`pragma busy_timeout = ${timeout}`).execute(conn);
    }
  });
}
