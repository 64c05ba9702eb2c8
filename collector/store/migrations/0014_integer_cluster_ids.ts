import { type Kysely, sql } from 'kysely';

// Migration 0003 was changed after it had landed: databases it made before that change have text
// cluster ids ('dup_…'), text `responses.duplicate_cluster_id` and band rows keyed by (site, key).
// Today's code inserts clusters without an id, which such a table stores as NULL, and band rows
// without a site, which it refuses: no text ever joined a cluster again. This brings those
// databases to the shape 0003 makes now, keeping every cluster and every response's link to it.
// Databases already in that shape (nearly all) are left alone.
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ type: string }>`select type from pragma_table_info('duplicate_clusters') where name = 'id'`.execute(db);
  if (rows[0]?.type.toLowerCase() !== 'text') return;

  // New ids in order of arrival, so they grow as the ids made from now on do. Clusters a current
  // collector made here before this migration have a NULL id and no linked response; they are kept.
  await sql`create temp table cluster_ids (old_rowid integer primary key, old_id text, new_id integer not null)`.execute(db);
  await sql`insert into cluster_ids (old_rowid, old_id, new_id)
    select rowid, id, row_number() over (order by first_seen_at, rowid) from duplicate_clusters`.execute(db);
  await sql`create index temp.cluster_ids_old_id on cluster_ids (old_id)`.execute(db);
  await sql`create table duplicate_clusters_0014 (
    "id" integer primary key,
    "site_id" text not null references "sites" ("id"),
    "sample" text not null,
    "size" integer not null,
    "first_seen_at" integer not null,
    "last_seen_at" integer not null,
    "first_response_id" text
  )`.execute(db);
  await sql`insert into duplicate_clusters_0014 (id, site_id, sample, size, first_seen_at, last_seen_at, first_response_id)
    select m.new_id, c.site_id, c.sample, c.size, c.first_seen_at, c.last_seen_at, c.first_response_id
    from duplicate_clusters c join cluster_ids m on m.old_rowid = c.rowid`.execute(db);
  await sql`drop table duplicate_clusters`.execute(db);
  await sql`alter table duplicate_clusters_0014 rename to duplicate_clusters`.execute(db);

  // The column is re-made as an integer (a text column would hand ids back as strings); its
  // indexes go first, since SQLite drops no indexed column.
  await sql`create temp table response_clusters (response_id text primary key, new_id integer not null)`.execute(db);
  await sql`insert into response_clusters (response_id, new_id)
    select r.id, m.new_id from responses r join cluster_ids m on m.old_id = r.duplicate_cluster_id`.execute(db);
  for (const index of ['responses_cluster_client', 'responses_cluster_ip', 'responses_cluster_received']) {
    await sql`drop index if exists ${sql.raw(index)}`.execute(db);
  }
  await sql`alter table responses drop column duplicate_cluster_id`.execute(db);
  await sql`alter table responses add column duplicate_cluster_id integer`.execute(db);
  await sql`update responses set duplicate_cluster_id = (select new_id from response_clusters where response_id = responses.id)
    where id in (select response_id from response_clusters)`.execute(db);
  await sql`create index responses_cluster_client on responses (duplicate_cluster_id, client_id) where duplicate_cluster_id is not null`.execute(db);
  await sql`create index responses_cluster_ip on responses (duplicate_cluster_id, ip_hash) where duplicate_cluster_id is not null`.execute(db);
  await sql`create index responses_cluster_received on responses (duplicate_cluster_id, received_at) where duplicate_cluster_id is not null`.execute(
    db,
  );
  await sql`drop table cluster_ids`.execute(db);
  await sql`drop table response_clusters`.execute(db);

  // The old band rows name clusters by their old ids and hash the site apart from the key. The
  // table starts empty in today's shape and the merge mark goes back to 0: on start, the band index
  // makes every cluster's keys again from its sample and a later merge writes them
  // (store/band-index.ts), as after a crash.
  await sql`drop table duplicate_cluster_bands`.execute(db);
  await sql`create table duplicate_cluster_bands (
    "band_key" integer not null,
    "cluster_id" integer not null,
    constraint "duplicate_cluster_bands_pk" primary key ("band_key", "cluster_id")
  ) without rowid`.execute(db);
  await sql`update duplicate_bands_merged set upto = 0`.execute(db);
}
