import type { Kysely } from 'kysely';
import type { Database, StoredResponse } from './database.ts';
import type { ResponseChanges } from './responses.ts';

/** The columns analysis adds to a response row (services/response-analysis.ts). */
export type AnalysisColumns = Pick<StoredResponse, 'sentiment' | 'sentiment_label' | 'language' | 'keywords' | 'priority' | 'priority_reasons'>;

export async function updateAnalysedResponse(db: Kysely<Database>, id: string, patch: ResponseChanges & Partial<AnalysisColumns>): Promise<void> {
  await db.updateTable('responses').set(patch).where('id', '=', id).execute();
}

/** What a response's analysis is made from, besides its id: a re-analysis is stale once any of these changed. */
export const ANALYSIS_INPUTS = ['updated_at', 'text', 'locale', 'score', 'scale', 'attributes', 'spam_score', 'duplicate_cluster_id'] as const;
export type AnalysisInputs = Pick<StoredResponse, 'id' | (typeof ANALYSIS_INPUTS)[number]>;

/** The columns of AnalysisColumns, in a fixed order (store/write-statements.ts binds them so). */
export const ANALYSIS_COLUMNS = ['sentiment', 'sentiment_label', 'language', 'keywords', 'priority', 'priority_reasons'] as const satisfies ReadonlyArray<
  keyof AnalysisColumns
>;

/**
 * Writes a re-analysis made from the row as it was read, unless the row changed since: whoever
 * changed it analysed it again already. Checked by the analysis' inputs as well as `updated_at`:
 * a follow-up landing in the same millisecond as an earlier change (or after the clock stepped
 * back) leaves `updated_at` as it was. Whether it was written. (The collector's own catch-up does
 * the same for a batch in one statement: WriteStatements.addAnalysesIfUnchanged.)
 */
export async function updateAnalysedIfUnchanged(db: Kysely<Database>, read: AnalysisInputs, patch: Partial<AnalysisColumns>): Promise<boolean> {
  let query = db.updateTable('responses').set(patch).where('id', '=', read.id);
  for (const column of ANALYSIS_INPUTS) query = query.where(column, 'is', read[column]);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function clusterSize(db: Kysely<Database>, clusterId: number | null | undefined): Promise<number | null> {
  if (clusterId === null || clusterId === undefined) return null;
  const row = await db.selectFrom('duplicate_clusters').select('size').where('id', '=', clusterId).executeTakeFirst();
  return row?.size ?? null;
}

export type BackfillRow = StoredResponse & { duplicate_count: number | null };

/** One batch of responses after `afterId` in id order (stable while the backfill rewrites them). */
export function responsesAfter(db: Kysely<Database>, opts: { afterId: string; limit: number; siteId?: string }): Promise<BackfillRow[]> {
  let query = db
    .selectFrom('responses')
    .leftJoin('duplicate_clusters', 'duplicate_clusters.id', 'responses.duplicate_cluster_id')
    .selectAll('responses')
    .select('duplicate_clusters.size as duplicate_count')
    .where('responses.id', '>', opts.afterId);
  if (opts.siteId) query = query.where('responses.site_id', '=', opts.siteId);
  return query.orderBy('responses.id').limit(opts.limit).execute();
}

/**
 * Which texts wait for their analysis: the condition of the partial index responses_unanalysed
 * (migration 0015), word for word. SQLite uses a partial index only for a query whose WHERE says
 * what the index's does, literally, without parameters, so every query of the backlog uses this.
 */
export const UNANALYSED = "text <> '' and sentiment_label is null";

/** What the catch-up reads of a text waiting for its analysis (store/analysis-backlog.ts). */
export type UnanalysedRow = AnalysisInputs & Pick<StoredResponse, 'site_id' | 'received_at'> & { duplicate_count: number | null };

/**
 * The site's stored keyword lists, newest first: the corpus themes are weighted against. Likely
 * spam is left out, as in the inbox and the dashboard (a bot's flood is no theme of the site's),
 * and so are texts without keywords: counted in N, they would give a word every other text uses
 * a weight.
 */
export async function keywordCorpus(
  db: Kysely<Database>,
  siteId: string,
  opts: { since: number; limit: number },
): Promise<Array<{ id: string; received_at: number; keywords: string }>> {
  const rows = await db
    .selectFrom('responses')
    .select(['id', 'received_at', 'keywords'])
    .where('site_id', '=', siteId)
    .where('received_at', '>=', opts.since)
    .where('keywords', 'is not', null)
    .where('keywords', '<>', '[]')
    .where('spam_score', '<', 0.5)
    .orderBy('received_at', 'desc')
    .limit(opts.limit)
    .execute();
  return rows.map((r) => ({ id: r.id, received_at: r.received_at, keywords: r.keywords ?? '[]' }));
}
