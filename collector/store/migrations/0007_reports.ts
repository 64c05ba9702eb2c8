import { type Kysely, sql } from 'kysely';

// Daily rollups for the dashboards (services/rollups.ts explains how they stay exact).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Counts of non-spam responses per UTC day and every dimension a report filters or groups by.
  // attr_key '' is the rollup without attributes; a key such as 'plan' holds the same counts
  // split by that identify() attribute's value (built the first time someone asks for it).
  // Absent values are '' (text) or -1 (score), since primary-key columns cannot be null here.
  await sql`create table report_days (
    site_id text not null,
    attr_key text not null,
    attr_value text not null,
    day integer not null,
    survey_id text not null,
    channel text not null,
    device text not null,
    scale text not null,
    score integer not null,
    sentiment text not null,
    n integer not null,
    primary key (site_id, attr_key, attr_value, day, survey_id, channel, device, scale, score, sentiment)
  ) without rowid`.execute(db);

  // Widget events (impressions, dismissals, …) per UTC day and survey: the response rate's denominator.
  await sql`create table report_event_days (
    site_id text not null,
    day integer not null,
    survey_id text not null,
    type text not null,
    n integer not null,
    primary key (site_id, day, survey_id, type)
  ) without rowid`.execute(db);

  // Days before next_day are in the rollup (per site and attribute key; '#events' for events).
  await sql`create table report_builds (
    site_id text not null,
    attr_key text not null,
    next_day integer not null,
    primary key (site_id, attr_key)
  ) without rowid`.execute(db);

  // Closed days whose rows changed after they were rolled up: rebuilt on the next read.
  await sql`create table report_dirty (site_id text not null, day integer not null, primary key (site_id, day)) without rowid`.execute(db);

  // The highest rowid of responses / events already looked at: rows above it are new, and a new
  // row dated on a closed day (an import, a clock step) marks that day dirty on the next read.
  await sql`create table report_marks (source text primary key, last_rowid integer not null) without rowid`.execute(db);
  await sql`insert into report_marks (source, last_rowid) values
    ('responses', (select coalesce(max(rowid), 0) from responses)),
    ('events', (select coalesce(max(rowid), 0) from events))`.execute(db);

  // Updates and deletes mark their day dirty. Ingest inserts never fire these; a follow-up that
  // changes a reported column does one INSERT OR IGNORE, which for today's (never rolled up, and
  // after the first time already present) key is a lookup in a tiny table and no write at all.
  await sql`create trigger report_responses_update after update of
      site_id, received_at, survey_id, channel, device, scale, score, sentiment_label, spam_score, attributes on responses
    when old.site_id is not new.site_id or old.received_at is not new.received_at or old.survey_id is not new.survey_id
      or old.channel is not new.channel or old.device is not new.device or old.scale is not new.scale
      or old.score is not new.score or old.sentiment_label is not new.sentiment_label
      or (old.spam_score >= 0.5) is not (new.spam_score >= 0.5) or old.attributes is not new.attributes
    begin
      insert or ignore into report_dirty (site_id, day) values (old.site_id, old.received_at / 86400000);
      insert or ignore into report_dirty (site_id, day) values (new.site_id, new.received_at / 86400000);
    end`.execute(db);
  // After a delete the next insert may reuse a rowid at or below the mark, so the mark comes down
  // to the highest rowid left.
  for (const table of ['responses', 'events'] as const) {
    await sql`create trigger ${sql.raw(`report_${table}_delete`)} after delete on ${sql.table(table)}
      begin
        insert or ignore into report_dirty (site_id, day) values (old.site_id, old.received_at / 86400000);
        update report_marks set last_rowid = (select coalesce(max(rowid), 0) from ${sql.table(table)})
          where source = ${sql.lit(table)} and last_rowid > (select coalesce(max(rowid), 0) from ${sql.table(table)});
      end`.execute(db);
  }
}
