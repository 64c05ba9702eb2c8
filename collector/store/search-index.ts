import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * The full-text index of response texts (FTS5 table `response_search`, migration 0006). Triggers
 * queue every inserted, edited or deleted response in `response_search_pending`; readers call
 * the service's refresh, which takes a batch from here and writes its documents.
 */

export async function countPendingTexts(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('response_search_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type SearchDocument = { body: string; chars: string };

/**
 * Indexes up to `limit` pending responses in one transaction of a handful of statements (per-row
 * statements cost more than the indexing itself): reads their current text, replaces their
 * documents (no text any more, or no response: removed) and clears them from the queue. Reading
 * inside the same transaction means a text edited meanwhile is queued again, never lost.
 * Answers how many were taken.
 */
export async function indexPendingBatch(
  db: Kysely<Database>,
  limit: number,
  toDocument: (text: string) => SearchDocument,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('response_search_pending as p')
      .leftJoin('responses as r', 'r.id', 'p.response_id')
      .select(['p.response_id as responseId', 'r.text as text'])
      .limit(limit)
      .execute();
    if (pending.length === 0) return 0;
    const ids = pending.map((p) => p.responseId);
    const old = await trx.selectFrom('response_search_docs').select('doc').where('response_id', 'in', ids).execute();
    if (old.length > 0) {
      const olds = old.map((o) => o.doc);
      await sql`delete from response_search where rowid in (${sql.join(olds)})`.execute(trx);
      await trx.deleteFrom('response_search_docs').where('doc', 'in', olds).execute();
    }
    const fresh = pending.flatMap((p) => (p.text ? [{ responseId: p.responseId, doc: toDocument(p.text) }] : []));
    if (fresh.length > 0) {
      const inserted = await trx
        .insertInto('response_search_docs')
        .values(fresh.map((d) => ({ response_id: d.responseId })))
        .returning(['doc', 'response_id'])
        .execute();
      const docOf = new Map(inserted.map((r) => [r.response_id, r.doc]));
      const rows = fresh.map((d) => sql`(${docOf.get(d.responseId)!}, ${d.doc.body}, ${d.doc.chars})`);
      await sql`insert into response_search (rowid, body, chars) values ${sql.join(rows)}`.execute(trx);
    }
    await trx.deleteFrom('response_search_pending').where('response_id', 'in', ids).execute();
    return pending.length;
  });
}
