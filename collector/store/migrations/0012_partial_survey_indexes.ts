import { type Kysely, sql } from 'kysely';

// "Has this browser (or user) answered this survey lately?" (dedupe level b) only ever asks about
// survey responses, yet every feedback row had entries too, placed by client id: one more random
// page written per stored text. Only rows with a survey are indexed now; SQLite still uses these
// indexes for `survey_id = ?`, which implies `survey_id is not null`.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, column] of [
    ['responses_survey_client', 'client_id'],
    ['responses_survey_user', 'user_id'],
  ] as const) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(name)
      .on('responses')
      .columns(['survey_id', column, 'received_at'])
      .where(sql.ref('survey_id'), 'is not', null)
      .execute();
  }
}
