import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * The full-text index of response texts (FTS5 table `response_search`, migration 0006). Triggers
 * append every inserted, edited or deleted response to `response_search_queue` (migration 0011);
 * readers call the service's refresh, which takes a batch from here and writes its documents.
 */

export async function countPendingTexts(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('response_search_queue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type SearchDocument = { body: string; chars: string };

/**
 * Indexes the first `limit` queued entries in one transaction of a handful of statements (per-row
 * statements cost more than the indexing itself): reads their responses' current text, replaces
 * their documents (no text any more, or no response: removed) and clears those entries from the
 * queue. A response queued twice is indexed once, with its current text; one edited after this
 * read is queued again behind these entries, never lost. Answers how many entries were taken.
 */
export async function indexPendingBatch(
  db: Kysely<Database>,
  limit: number,
  toDocument: (text: string) => SearchDocument,
): Promise<number> {
  // Commits without waiting for an fsync, which better-sqlite3 would run on the event loop: the
  // index is derived data, and this commit reaches the disk with the next one that fsyncs (the
  // WAL is one file, written in order). If a crash takes it, it takes the queue's deletions with
  // it, and those texts are indexed again.
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = normal`.execute(conn);
    try {
      return await indexBatch(conn, limit, toDocument);
    } finally {
      await sql`pragma synchronous = full`.execute(conn);
    }
  });
}

function indexBatch(db: Kysely<Database>, limit: number, toDocument: (text: string) => SearchDocument): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const queued = await trx
      .selectFrom('response_search_queue as q')
      .leftJoin('responses as r', 'r.id', 'q.response_id')
      .select(['q.seq as seq', 'q.response_id as responseId', 'r.text as text'])
      .orderBy('q.seq')
      .limit(limit)
      .execute();
    if (queued.length === 0) return 0;
    const pending = [...new Map(queued.map((q) => [q.responseId, q])).values()];
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
    await trx.deleteFrom('response_search_queue').where('seq', '<=', queued.at(-1)!.seq).execute();
    return queued.length;
  });
}
