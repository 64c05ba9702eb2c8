import type { Kysely } from 'kysely';

// Sites whose tag rules changed and whose stored responses have not all been re-tagged since
// (services/tag-rules.ts). Written in the same transaction as the rule change and cleared when a
// re-application run completes, so a run cut short by a restart or a crash is started again on
// the next start instead of leaving old responses tagged by the old rules.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tag_reapply_pending')
    .addColumn('site_id', 'text', (col) => col.primaryKey().references('sites.id'))
    .addColumn('requested_at', 'integer', (col) => col.notNull())
    .execute();
}
