import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** One member fewer (its text changed). */
export async function shrinkCluster(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('duplicate_clusters').set((eb) => ({ size: eb('size', '-', 1) })).where('id', '=', id).execute();
}
