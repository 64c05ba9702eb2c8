import { type Kysely, sql } from 'kysely';

// Near-duplicate clusters (dedupe level c), spam scores, hashed IPs and their daily salts.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Score in [0, 1] and a JSON array of reason codes; every row is scored, spam is kept.
  await db.schema.alterTable('responses').addColumn('spam_score', 'real', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('responses').addColumn('spam_reasons', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('responses').addColumn('duplicate_cluster_id', 'integer').execute();
  // HMAC of the sender's IP under that day's salt; the raw address is never written anywhere.
  await db.schema.alterTable('responses').addColumn('ip_hash', 'text').execute();
  // "Has this sender sent this text before?" without scanning a large cluster.
  await db.schema
    .createIndex('responses_cluster_client')
    .on('responses')
    .columns(['duplicate_cluster_id', 'client_id'])
    .where(sql.ref('duplicate_cluster_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('responses_cluster_ip')
    .on('responses')
    .columns(['duplicate_cluster_id', 'ip_hash'])
    .where(sql.ref('duplicate_cluster_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('duplicate_clusters')
    // An integer key: new clusters are appended, not scattered through the table.
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    // The normalised text of the first member: what later texts are compared with, kept here so
    // the cluster stays comparable when that member's text is edited. Never changes.
    .addColumn('sample', 'text', (c) => c.notNull())
    // Responses pointing here; 0 once all have moved to other texts (the cluster stays, as the
    // index entry for its text).
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'integer', (c) => c.notNull())
    .addColumn('last_seen_at', 'integer', (c) => c.notNull())
    .execute();

  // The LSH band index: 10 keys per cluster, looked up by key — never a scan of texts. The site
  // is mixed into each key (services/duplicates.ts), so a row is two integers: every new text
  // adds ten rows at random places, and small rows keep that write light. No foreign key or
  // index on cluster_id: clusters are never deleted, and checks would cost ten lookups per text.
  await db.schema
    .createTable('duplicate_cluster_bands')
    .addColumn('band_key', 'integer', (c) => c.notNull())
    .addColumn('cluster_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('duplicate_cluster_bands_pk', ['band_key', 'cluster_id'])
    .modifyEnd(sql`without rowid`)
    .execute();

  // One random salt per UTC day; salts older than yesterday are deleted, after which nobody
  // (operator included) can link that day's hashes back to an address.
  await db.schema
    .createTable('ip_salts')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .execute();
}
