import { type Kysely, sql } from 'kysely';

// Analysis of each response (sentiment, keywords, priority), per-site auto-tag rules and the
// tags of each response. Rows without text keep null analysis columns; priority is set on all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('sentiment', 'real').execute();
  await db.schema.alterTable('responses').addColumn('sentiment_label', 'text').execute();
  await db.schema.alterTable('responses').addColumn('language', 'text').execute();
  // JSON array of this text's keywords, most frequent first: the corpus the themes are built on.
  await db.schema.alterTable('responses').addColumn('keywords', 'text').execute();
  await db.schema.alterTable('responses').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // JSON array of { code, points }: why the priority is what it is.
  await db.schema.alterTable('responses').addColumn('priority_reasons', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  await db.schema
    .createTable('tag_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    // Stored as typed; matched against the normalised text (shared/normalize-text.ts).
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('tag_rules_site_pattern_tag', ['site_id', 'pattern', 'tag'])
    .execute();

  await db.schema
    .createTable('response_tags')
    .addColumn('response_id', 'text', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    // 'auto' rows are rewritten whenever rules or text change; 'manual' rows only by a person.
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('auto', 'manual')`))
    .addPrimaryKeyConstraint('response_tags_pk', ['response_id', 'tag', 'source'])
    .execute();
}
