import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './database.ts';
import { migrationProvider } from './migrations/index.ts';

export interface Store {
  db: Kysely<Database>;
  /** The raw handle, for pragmas and for closing; queries go through `db`. */
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 * WAL with synchronous=FULL: a commit is on disk before the statement returns, so an answer
 * sent after a commit survives a crash or power cut.
 */
export async function openStore(file: string): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const result = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (result.error) {
    await db.destroy();
    throw new Error(`Database migration failed: ${String(result.error)}`);
  }
  return { db, sqlite, close: () => db.destroy() };
}
