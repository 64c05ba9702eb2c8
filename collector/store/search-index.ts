import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * The full-text index of response texts (FTS5 table `response_search`, migration 0006). Triggers
 * queue every inserted, edited or deleted response in `response_search_pending`; readers call
 * the service's refresh, which takes a batch from here and writes its documents.
 */

export interface PendingText {
  responseId: string;
  /** Null when the response is gone or has no text any more. */
  text: string | null;
}

export async function pendingTexts(db: Kysely<Database>, limit: number): Promise<PendingText[]> {
  const rows = await db
    .selectFrom('response_search_pending as p')
    .leftJoin('responses as r', 'r.id', 'p.response_id')
    .select(['p.response_id as responseId', 'r.text as text'])
    .limit(limit)
    .execute();
  return rows.map((r) => ({ responseId: r.responseId, text: r.text ?? null }));
}

export async function countPendingTexts(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('response_search_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces the indexed documents of these responses (a null document removes it) in one transaction. */
export async function writeDocuments(
  db: Kysely<Database>,
  docs: Array<{ responseId: string; doc: { body: string; chars: string } | null }>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { responseId, doc } of docs) {
      const old = await trx.selectFrom('response_search_docs').select('doc').where('response_id', '=', responseId).executeTakeFirst();
      if (old) {
        await sql`delete from response_search where rowid = ${old.doc}`.execute(trx);
        await trx.deleteFrom('response_search_docs').where('doc', '=', old.doc).execute();
      }
      if (doc) {
        const inserted = await trx
          .insertInto('response_search_docs')
          .values({ response_id: responseId })
          .returning('doc')
          .executeTakeFirstOrThrow();
        await sql`insert into response_search (rowid, body, chars) values (${inserted.doc}, ${doc.body}, ${doc.chars})`.execute(trx);
      }
      await trx.deleteFrom('response_search_pending').where('response_id', '=', responseId).execute();
    }
  });
}
