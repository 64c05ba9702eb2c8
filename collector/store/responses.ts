import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database, StoredResponse } from './database.ts';

export type ListedResponse = StoredResponse & { duplicate_count: number | null };

/** Newest first, keyset-paginated on (received_at, id) so pages stay stable while rows arrive. */
export async function listLatestResponses(
  db: Kysely<Database>,
  opts: { limit: number; before?: { receivedAt: number; id: string }; siteId?: string },
): Promise<ListedResponse[]> {
  let query = db
    .selectFrom('responses')
    .leftJoin('duplicate_clusters', 'duplicate_clusters.id', 'responses.duplicate_cluster_id')
    .selectAll('responses')
    .select('duplicate_clusters.size as duplicate_count');
  if (opts.siteId) query = query.where('responses.site_id', '=', opts.siteId);
  if (opts.before) {
    const { receivedAt, id } = opts.before;
    query = query.where((eb) =>
      eb.or([
        eb('responses.received_at', '<', receivedAt),
        eb.and([eb('responses.received_at', '=', receivedAt), eb('responses.id', '<', id)]),
      ]),
    );
  }
  return query.orderBy('responses.received_at', 'desc').orderBy('responses.id', 'desc').limit(opts.limit).execute();
}

export async function countSiteResponses(db: Kysely<Database>, siteId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site_id', '=', siteId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where a walk through a site's responses in (received_at, id) order has got to. */
export interface ResponsePosition {
  receivedAt: number;
  id: string;
}

/**
 * The next `limit` of a site's responses (id and text) after `after`, oldest first: a keyset walk
 * along the (site_id, received_at) index that never repeats or skips a row, whatever is inserted
 * meanwhile.
 */
export function siteTextsAfter(
  db: Kysely<Database>,
  siteId: string,
  after: ResponsePosition | null,
  limit: number,
): Promise<Array<Pick<StoredResponse, 'id' | 'text' | 'received_at'>>> {
  let query = db.selectFrom('responses').select(['id', 'text', 'received_at']).where('site_id', '=', siteId);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('received_at', '>', after.receivedAt),
        eb.and([eb('received_at', '=', after.receivedAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('received_at').orderBy('id').limit(limit).execute();
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

/**
 * The same person: their user id when identify() ran, else their anonymous client id. An
 * identified person is also the anonymous one who used their browser before, but not another
 * identified user of that browser (a shared computer): a response made under another user id is
 * someone else's.
 */
function samePerson(
  eb: ExpressionBuilder<Database, 'responses'>,
  who: { clientId: string; userId?: string },
  within?: Expression<SqlBool>,
) {
  const side = (term: Expression<SqlBool>) => (within ? eb.and([within, term]) : term);
  return who.userId
    ? eb.or([side(eb('user_id', '=', who.userId)), side(eb.and([eb('client_id', '=', who.clientId), eb('user_id', 'is', null)]))])
    : eb('client_id', '=', who.clientId);
}

/** The person's most recent response to a survey since `since` (by user id when known, else client id). */
export function findRecentSurveyResponse(
  db: Kysely<Database>,
  filter: { surveyId: string; clientId: string; userId?: string; since: number },
): Promise<StoredResponse | undefined> {
  // Each side of samePerson's OR names the survey too: the survey indexes are partial (migration
  // 0012), and SQLite only searches an OR branch by a partial index the branch itself qualifies for.
  return db
    .selectFrom('responses')
    .selectAll()
    .where('survey_id', '=', filter.surveyId)
    .where((eb) => samePerson(eb, filter, eb('survey_id', '=', filter.surveyId)))
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
    .where((eb) => samePerson(eb, filter))
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

export type ResponseChanges = Partial<
  Pick<
    StoredResponse,
    | 'answers' | 'finished' | 'score' | 'scale' | 'text' | 'updated_at' | 'page_url' | 'page_title' | 'locale' | 'attributes'
    | 'user_id' | 'survey_version' | 'spam_score' | 'spam_reasons' | 'duplicate_cluster_id'
  >
>;

export async function updateResponse(db: Kysely<Database>, id: string, patch: ResponseChanges): Promise<void> {
  await db.updateTable('responses').set(patch).where('id', '=', id).execute();
}

export function findResponseById(db: Kysely<Database>, id: string): Promise<StoredResponse | undefined> {
  return db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
}
