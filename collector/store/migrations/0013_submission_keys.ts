import { type Kysely, sql } from 'kysely';

// A second answer from the same person to the same survey updates their first response (dedupe
// level b). Its idempotency key used to be forgotten: a retry of it applied the update again (over
// anything newer), and follow-ups sent under it found no response. Each such key now gets a row
// pointing at the response it updated. Only updates write here, so the ingest of new responses
// pays nothing for it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table submission_keys (
    site_id text not null,
    idempotency_key text not null,
    response_id text not null references responses (id) on delete cascade,
    client_id text not null,
    received_at integer not null,
    primary key (site_id, idempotency_key)
  ) without rowid`.execute(db);
}
