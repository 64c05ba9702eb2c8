import type { Kysely } from 'kysely';
import type { Database, SubmissionKey } from './database.ts';

/** The response a later survey submission's key updated, and who sent it (migration 0013). */
export function findSubmissionKey(db: Kysely<Database>, siteId: string, idempotencyKey: string): Promise<SubmissionKey | undefined> {
  return db
    .selectFrom('submission_keys')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export async function insertSubmissionKey(db: Kysely<Database>, row: SubmissionKey): Promise<void> {
  await db.insertInto('submission_keys').values(row).execute();
}
