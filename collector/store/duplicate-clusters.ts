import type { Kysely } from 'kysely';
import type { Database, DuplicateCluster, NewDuplicateCluster } from './database.ts';

/** Band rows read per lookup at most: a very common band cannot turn a lookup into a scan. */
const MAX_BAND_ROWS = 256;

/**
 * The clusters of a site sharing at least one LSH band with `bandKeys` (site-scoped keys), those
 * sharing the most bands first (the likeliest near-duplicates), at most `limit` of them. Counted
 * here: SQLite's GROUP BY and ORDER BY on these few rows would cost more than the lookup itself.
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
    .where('band_key', 'in', bandKeys)
    .limit(MAX_BAND_ROWS)
    .execute();
  if (matches.length === 0) return [];
  const hits = new Map<number, number>();
  for (const { cluster_id } of matches) hits.set(cluster_id, (hits.get(cluster_id) ?? 0) + 1);
  const best = [...hits].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([id]) => id);
  const rows = await db
    .selectFrom('duplicate_clusters')
    .select(['id', 'sample'])
    .where('id', 'in', best)
    // Keys from different sites could collide by chance; clusters never cross sites.
    .where('site_id', '=', siteId)
    .execute();
  return rows.sort((a, b) => hits.get(b.id)! - hits.get(a.id)!);
}

/** Stores a new cluster and its band keys; returns its id. */
export async function insertCluster(db: Kysely<Database>, cluster: NewDuplicateCluster, bandKeys: number[]): Promise<number> {
  const { id } = await db.insertInto('duplicate_clusters').values(cluster).returning('id').executeTakeFirstOrThrow();
  // Distinct keys: two bands could hash alike, and the key is part of the primary key.
  const rows = [...new Set(bandKeys)].map((band_key) => ({ band_key, cluster_id: id }));
  await db.insertInto('duplicate_cluster_bands').values(rows).execute();
  return id;
}

export async function growCluster(db: Kysely<Database>, id: number, now: number): Promise<void> {
  await db
    .updateTable('duplicate_clusters')
    .set((eb) => ({ size: eb('size', '+', 1), last_seen_at: now }))
    .where('id', '=', id)
    .execute();
}

/** One member fewer (its text changed). */
export async function shrinkCluster(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('duplicate_clusters').set((eb) => ({ size: eb('size', '-', 1) })).where('id', '=', id).execute();
}
