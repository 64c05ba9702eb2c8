import { type Kysely, sql } from 'kysely';

// Texts waiting for their analysis: stored while the collector was saturated (the write path
// leaves the analysis to services/analysis-catch-up.ts then), while the analysis was off, or
// before it existed. Partial, so an analysed row costs nothing here, and the catch-up finds the
// waiting ones without reading the table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('responses_unanalysed')
    .on('responses')
    .column('id')
    .where(sql<boolean>`text <> '' and sentiment_label is null`)
    .execute();
}
