import { type Kysely, sql } from 'kysely';

// The queue of responses to (re)index for search becomes append-only. Keyed by response id, each
// stored response added one row at a random place of `response_search_pending`, and so one more
// 4 KB page to every commit of the ingest path; a row at the end of an integer key costs nothing
// of the kind. A response queued twice (stored, then edited) is indexed once (store/search-index.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table response_search_queue (seq integer primary key, response_id text not null)`.execute(db);
  await sql`insert into response_search_queue (response_id) select response_id from response_search_pending`.execute(db);
  for (const trigger of ['response_search_insert', 'response_search_update', 'response_search_delete']) {
    await sql`drop trigger ${sql.raw(trigger)}`.execute(db);
  }
  await sql`drop table response_search_pending`.execute(db);
  await sql`create trigger response_search_insert after insert on responses when new.text is not null
    begin insert into response_search_queue (response_id) values (new.id); end`.execute(db);
  await sql`create trigger response_search_update after update of text on responses when old.text is not new.text
    begin insert into response_search_queue (response_id) values (new.id); end`.execute(db);
  await sql`create trigger response_search_delete after delete on responses
    begin insert into response_search_queue (response_id) values (old.id); end`.execute(db);
}
