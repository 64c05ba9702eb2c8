import type { Kysely } from 'kysely';

// Surveys with immutable versions, widget events, and the survey side of responses.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sites').addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('sites').addColumn('updated_at', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('surveys_site').on('surveys').columns(['site_id', 'status']).execute();

  // Every saved edit is a new row; responses point at the version they answered, so editing a
  // live survey never makes old answers unreadable.
  await db.schema
    .createTable('survey_versions')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_versions_pk', ['survey_id', 'version'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('survey_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('page_url', 'text')
    /** For type "rejected": why the collector refused an answer (e.g. recontact_too_soon). */
    .addColumn('reason', 'text')
    .addColumn('client_at', 'integer')
    .addColumn('received_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('events_site_idempotency', ['site_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('events_survey_type').on('events').columns(['survey_id', 'type', 'received_at']).execute();

  for (const [name, type] of [
    ['survey_id', 'text'],
    ['survey_version', 'integer'],
    ['answers', 'text'],
    ['finished', 'integer'],
    ['attributes', 'text'],
    ['updated_at', 'integer'],
  ] as const) {
    await db.schema.alterTable('responses').addColumn(name, type).execute();
  }
  await db.schema.createIndex('responses_survey_client').on('responses').columns(['survey_id', 'client_id', 'received_at']).execute();
  await db.schema.createIndex('responses_survey_user').on('responses').columns(['survey_id', 'user_id', 'received_at']).execute();
}
