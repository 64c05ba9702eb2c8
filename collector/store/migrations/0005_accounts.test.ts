import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { migrationProvider } from './index.ts';

describe('migration 0005_accounts', () => {
  it('gives sessions signed in before it a distinct opaque id, and keeps them valid', async () => {
    const sqlite = new SQLite(':memory:');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0004_analysis')).error).toBeUndefined();
    sqlite
      .prepare("insert into admin_users (id, email, password_hash, role, created_at) values ('usr_1', 'a@example.test', 'x', 'admin', 1)")
      .run();
    const insert = sqlite.prepare(
      "insert into admin_sessions (token_hash, user_id, csrf_token, created_at, expires_at, user_agent) values (?, 'usr_1', 'c', 1, 9e15, '')",
    );
    insert.run('hash_a');
    insert.run('hash_b');

    expect((await migrator.migrateTo('0005_accounts')).error).toBeUndefined();
    const rows = await db.selectFrom('admin_sessions').select(['id', 'token_hash']).execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0]!.id).not.toBe(rows[1]!.id);
    expect(rows.map((r) => r.token_hash).sort()).toEqual(['hash_a', 'hash_b']);
    // Ids are unique by index, so one can never name two sessions.
    expect(() => sqlite.prepare("update admin_sessions set id = 'same'").run()).toThrow(/UNIQUE/);
    await db.destroy();
  });
});
