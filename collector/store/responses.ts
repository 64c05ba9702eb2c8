import type { Kysely } from 'kysely';
import type { Database, NewResponse, StoredResponse } from './database.ts';

/**
 * Inserts unless a response with the same (site, idempotency key) exists, and returns the row
 * that is stored either way: the caller answers a retry exactly as it answered the original.
 */
export async function insertResponseOnce(
  db: Kysely<Database>,
  row: NewResponse,
): Promise<{ stored: StoredResponse; created: boolean }> {
  const inserted = await db
    .insertInto('responses')
    .values(row)
    .onConflict((oc) => oc.columns(['site_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { stored: inserted, created: true };
  const existing = await db
    .selectFrom('responses')
    .selectAll()
    .where('site_id', '=', row.site_id)
    .where('idempotency_key', '=', row.idempotency_key)
    .executeTakeFirstOrThrow();
  return { stored: existing, created: false };
}

export interface ResponsePage {
  items: StoredResponse[];
  /** Opaque cursor for the next page, absent on the last page. */
  nextCursor?: string;
}

/** Newest first, keyset-paginated on (received_at, id) so pages stay stable while rows arrive. */
export async function listLatestResponses(
  db: Kysely<Database>,
  opts: { limit: number; before?: { receivedAt: number; id: string }; siteId?: string },
): Promise<StoredResponse[]> {
  let query = db.selectFrom('responses').selectAll();
  if (opts.siteId) query = query.where('site_id', '=', opts.siteId);
  if (opts.before) {
    const { receivedAt, id } = opts.before;
    query = query.where((eb) =>
      eb.or([
        eb('received_at', '<', receivedAt),
        eb.and([eb('received_at', '=', receivedAt), eb('id', '<', id)]),
      ]),
    );
  }
  return query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function countResponses(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
