import type { Kysely } from 'kysely';

// A text that starts a duplicate cluster is not linked to it until a second copy arrives
// (services/duplicates.ts): most texts are one of a kind, and a linked row costs an entry in
// each of the cluster indexes of `responses`. The cluster remembers its first member instead.
// Clusters made before this migration have their first member linked already; they need nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('duplicate_clusters').addColumn('first_response_id', 'text').execute();
}
