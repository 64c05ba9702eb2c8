import type { Insertable, Kysely } from 'kysely';
import type { Database, ResponseActivityTable } from './database.ts';

export type NewActivity = Insertable<ResponseActivityTable>;

export interface ActivityRow {
  id: number;
  actor_id: string | null;
  actor_email: string | null;
  kind: ResponseActivityTable['kind'];
  from_value: string | null;
  to_value: string | null;
  created_at: number;
}

export async function recordActivity(db: Kysely<Database>, entries: NewActivity[]): Promise<void> {
  if (entries.length > 0) await db.insertInto('response_activity').values(entries).execute();
}

/** Oldest first; the detail view shows the trail as it happened. */
export function activityOf(db: Kysely<Database>, responseId: string): Promise<ActivityRow[]> {
  return db
    .selectFrom('response_activity as a')
    .leftJoin('admin_users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.actor_id', 'u.email as actor_email', 'a.kind', 'a.from_value', 'a.to_value', 'a.created_at'])
    .where('a.response_id', '=', responseId)
    .orderBy('a.id')
    .execute();
}
