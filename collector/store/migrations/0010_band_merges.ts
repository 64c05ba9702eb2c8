import { type Kysely, sql } from 'kysely';

// The LSH band index is written in sorted batches (store/band-index.ts): a new cluster's ten band
// keys wait in memory and reach `duplicate_cluster_bands` in a later merge. Clusters with an id
// above `upto` are not merged yet; on start their keys are made again from their samples. Every
// cluster that exists now already has its band rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table duplicate_bands_merged (upto integer not null)`.execute(db);
  await sql`insert into duplicate_bands_merged (upto) select coalesce(max(id), 0) from duplicate_clusters`.execute(db);
}
