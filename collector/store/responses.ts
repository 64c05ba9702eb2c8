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

export function findResponseByKey(
  db: Kysely<Database>,
  siteId: string,
  idempotencyKey: string,
): Promise<StoredResponse | undefined> {
  return db
    .selectFrom('responses')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** The person's most recent response to a survey since `since` (by user id when known, else client id). */
export function findRecentSurveyResponse(
  db: Kysely<Database>,
  filter: { surveyId: string; clientId: string; userId?: string; since: number },
): Promise<StoredResponse | undefined> {
  return db
    .selectFrom('responses')
    .selectAll()
    .where('survey_id', '=', filter.surveyId)
    .where((eb) =>
      filter.userId
        ? eb.or([eb('user_id', '=', filter.userId), eb('client_id', '=', filter.clientId)])
        : eb('client_id', '=', filter.clientId),
    )
    .where('received_at', '>=', filter.since)
    .orderBy('received_at', 'desc')
    .executeTakeFirst();
}

/** Whether the person answered any other survey of the site since `since`. */
export async function answeredOtherSurveySince(
  db: Kysely<Database>,
  filter: { siteId: string; surveyId: string; clientId: string; userId?: string; since: number },
): Promise<boolean> {
  const row = await db
    .selectFrom('responses')
    .select('id')
    .where('site_id', '=', filter.siteId)
    .where('survey_id', 'is not', null)
    .where('survey_id', '!=', filter.surveyId)
    .where((eb) =>
      filter.userId
        ? eb.or([eb('user_id', '=', filter.userId), eb('client_id', '=', filter.clientId)])
        : eb('client_id', '=', filter.clientId),
    )
    .where('received_at', '>=', filter.since)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countSurveyResponses(db: Kysely<Database>, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateResponse(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Pick<StoredResponse, 'answers' | 'finished' | 'score' | 'scale' | 'text' | 'updated_at' | 'page_url' | 'page_title' | 'locale' | 'attributes' | 'user_id' | 'survey_version'>>,
): Promise<void> {
  await db.updateTable('responses').set(patch).where('id', '=', id).execute();
}
