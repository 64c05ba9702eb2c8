import { type Kysely, sql } from 'kysely';

// The inbox: workflow state on each response, internal notes, an activity trail, the indexes the
// first inbox page needs at 1,000,000 responses, and a full-text index that reads Chinese.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A constant default: SQLite adds these without rewriting the table.
  await db.schema
    .alterTable('responses')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('new').check(sql`status in ('new', 'triaged', 'in_progress', 'resolved', 'closed')`),
    )
    .execute();
  await db.schema.alterTable('responses').addColumn('assignee_id', 'text').execute();

  // Sort by priority (the time index of 0001 already serves "newest first").
  await db.schema
    .createIndex('responses_inbox_priority')
    .on('responses')
    .columns(['site_id', 'priority', 'received_at', 'id'])
    .execute();
  // Workflow views ("resolved", "in progress") are rare among a million new rows: without this a
  // status filter would walk the whole time index to fill one page.
  await db.schema.createIndex('responses_inbox_status').on('responses').columns(['site_id', 'status', 'received_at']).execute();
  // "Assigned to …": only assigned rows are in it, so ingest (always unassigned) never touches it.
  await db.schema
    .createIndex('responses_inbox_assignee')
    .on('responses')
    .columns(['site_id', 'assignee_id', 'received_at'])
    .where(sql.ref('assignee_id'), 'is not', null)
    .execute();
  // Collapsing a duplicate cluster to its newest member asks "is there a newer member?".
  await db.schema
    .createIndex('responses_cluster_received')
    .on('responses')
    .columns(['duplicate_cluster_id', 'received_at'])
    .where(sql.ref('duplicate_cluster_id'), 'is not', null)
    .execute();
  // Drives a tag filter from the tag's own rows when the tag is rare.
  await db.schema.createIndex('response_tags_tag').on('response_tags').columns(['tag', 'response_id']).execute();

  await db.schema
    .createTable('response_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('author_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_notes_response').on('response_notes').columns(['response_id', 'created_at']).execute();

  await db.schema
    .createTable('response_activity')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('actor_id', 'text')
    // status / assignee / tag_added / tag_removed / note
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_activity_response').on('response_activity').columns(['response_id', 'id']).execute();

  // Full-text search (services/search.ts makes the text: words, plus Chinese character bigrams in
  // `body` and single characters in `chars`). Contentless: the text lives in responses only.
  await sql`create virtual table response_search using fts5(body, chars, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
    db,
  );
  // The FTS row id of each indexed response; our own integer key, stable across VACUUM.
  await db.schema
    .createTable('response_search_docs')
    .addColumn('doc', 'integer', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull().unique())
    .execute();
  // Responses whose text is not (re)indexed yet. Triggers fill it from any writer — the ingest
  // path, a follow-up, an erase, a CLI — and readers drain it (store/search-index.ts), so the
  // write path only pays for one small row and never for the tokenising.
  await sql`create table response_search_pending (response_id text primary key) without rowid`.execute(db);
  await sql`create trigger response_search_insert after insert on responses when new.text is not null
    begin insert or ignore into response_search_pending (response_id) values (new.id); end`.execute(db);
  await sql`create trigger response_search_update after update of text on responses when old.text is not new.text
    begin insert or ignore into response_search_pending (response_id) values (new.id); end`.execute(db);
  await sql`create trigger response_search_delete after delete on responses
    begin insert or ignore into response_search_pending (response_id) values (old.id); end`.execute(db);
  await sql`insert into response_search_pending (response_id) select id from responses where text is not null`.execute(db);
}
