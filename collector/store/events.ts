import type { Kysely } from 'kysely';
import type { Database, NewEvent, StoredEvent } from './database.ts';

/** Inserts unless the (site, idempotency key) exists; returns the stored row either way. */
export async function insertEventOnce(db: Kysely<Database>, row: NewEvent): Promise<StoredEvent> {
  const inserted = await db
    .insertInto('events')
    .values(row)
    .onConflict((oc) => oc.columns(['site_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  return db
    .selectFrom('events')
    .selectAll()
    .where('site_id', '=', row.site_id)
    .where('idempotency_key', '=', row.idempotency_key)
    .executeTakeFirstOrThrow();
}

export async function countEvents(
  db: Kysely<Database>,
  filter: { surveyId: string; type: StoredEvent['type'] },
): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', filter.surveyId)
    .where('type', '=', filter.type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
