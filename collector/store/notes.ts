import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

export interface NoteRow {
  id: string;
  author_id: string | null;
  author_email: string | null;
  text: string;
  created_at: number;
}

export async function insertNote(
  db: Kysely<Database>,
  note: { id: string; response_id: string; author_id: string; text: string; created_at: number },
): Promise<void> {
  await db.insertInto('response_notes').values(note).execute();
}

/** Oldest first, as a conversation reads. */
export function notesOf(db: Kysely<Database>, responseId: string): Promise<NoteRow[]> {
  return db
    .selectFrom('response_notes as n')
    .leftJoin('admin_users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.author_id', 'u.email as author_email', 'n.text', 'n.created_at'])
    .where('n.response_id', '=', responseId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}
