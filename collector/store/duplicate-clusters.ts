import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * One member fewer (its text changed). A first member that leaves is forgotten as such: the
 * cluster's next copy would otherwise link it back (placeInCluster links the first member).
 */
export async function shrinkCluster(db: Kysely<Database>, id: number, responseId: string): Promise<void> {
  await db
    .updateTable('duplicate_clusters')
    .set((eb) => ({
      size: eb('size', '-', 1),
      first_response_id: eb.case().when('first_response_id', '=', responseId).then(null).else(eb.ref('first_response_id')).end(),
    }))
    .where('id', '=', id)
    .execute();
}
