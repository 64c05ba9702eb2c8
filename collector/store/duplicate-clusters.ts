import type { Kysely } from 'kysely';
import type { Database, DuplicateCluster } from './database.ts';

/** Band rows read per lookup at most: a very common band cannot turn a lookup into a scan. */
const MAX_BAND_ROWS = 256;

/**
 * The clusters of a site sharing at least one LSH band with `bandKeys`, those sharing the most
 * bands first (the likeliest near-duplicates), at most `limit` of them. Counted here: SQLite's
 * GROUP BY and ORDER BY on these few rows would cost more than the lookup itself.
 */
export async function findClusterCandidates(
  db: Kysely<Database>,
  siteId: string,
  bandKeys: number[],
  limit: number,
): Promise<Array<Pick<DuplicateCluster, 'id' | 'sample'>>> {
  const matches = await db
    .selectFrom('duplicate_cluster_bands')
    .select('cluster_id')
    .where('site_id', '=', siteId)
    .where('band_key', 'in', bandKeys)
    .limit(MAX_BAND_ROWS)
    .execute();
  if (matches.length === 0) return [];
  const hits = new Map<string, number>();
  for (const { cluster_id } of matches) hits.set(cluster_id, (hits.get(cluster_id) ?? 0) + 1);
  const best = [...hits].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([id]) => id);
  const rows = await db.selectFrom('duplicate_clusters').select(['id', 'sample']).where('id', 'in', best).execute();
  return rows.sort((a, b) => hits.get(b.id)! - hits.get(a.id)!);
}

export async function insertCluster(db: Kysely<Database>, cluster: DuplicateCluster, bandKeys: number[]): Promise<void> {
  await db.insertInto('duplicate_clusters').values(cluster).execute();
  // Distinct keys: two bands could hash alike, and the key is part of the primary key.
  const rows = [...new Set(bandKeys)].map((band_key) => ({ site_id: cluster.site_id, band_key, cluster_id: cluster.id }));
  await db.insertInto('duplicate_cluster_bands').values(rows).execute();
}

export async function growCluster(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db
    .updateTable('duplicate_clusters')
    .set((eb) => ({ size: eb('size', '+', 1), last_seen_at: now }))
    .where('id', '=', id)
    .execute();
}

/** One member fewer (its text changed). */
export async function shrinkCluster(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('duplicate_clusters').set((eb) => ({ size: eb('size', '-', 1) })).where('id', '=', id).execute();
}
