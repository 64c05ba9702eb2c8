import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

// Invites by one-time link, and an opaque id per admin session so the admin view can list and
// revoke sessions without ever seeing the token hash that authenticates them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('admin_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the link's token; the token itself is shown once to the admin who invited.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'agent', 'viewer')`))
    .addColumn('invited_by', 'text', (c) => c.references('admin_users.id').onDelete('set null'))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .execute();

  // SQLite cannot add a column with a computed default, so sessions that exist get theirs here,
  // made in code rather than by an SQLite function so the migration runs on PostgreSQL too.
  await db.schema.alterTable('admin_sessions').addColumn('id', 'text').execute();
  const { rows } = await sql<{ token_hash: string }>`select token_hash from admin_sessions`.execute(db);
  for (const { token_hash } of rows) {
    await sql`update admin_sessions set id = ${randomBytes(16).toString('hex')} where token_hash = ${token_hash}`.execute(db);
  }
  await db.schema.createIndex('admin_sessions_id').on('admin_sessions').column('id').unique().execute();
  await db.schema.createIndex('admin_sessions_user').on('admin_sessions').column('user_id').execute();
}
