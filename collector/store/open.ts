import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  Kysely,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import type { Database } from './database.ts';
import type { BandIndexOptions } from './band-index.ts';
import { AUTOCHECKPOINT_PAGES, Checkpointer, type CheckpointerOptions } from './checkpointer.ts';
import { GroupCommit, WritesStopped } from './group-commit.ts';
import { migrationProvider } from './migrations/index.ts';

export interface Store {
  db: Kysely<Database>;
  /** The raw handle, for pragmas and for closing; queries go through `db`. */
  sqlite: SQLite.Database;
  /** Every acknowledged write goes through here: committed, in groups, before it resolves. */
  writes: GroupCommit;
  /** The checkpoint thread, when the store was opened with one. */
  checkpointer?: Checkpointer;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew, which costs more than running most of ours.
 * The same SQL text always gets the same prepared statement back (SQLite re-prepares it itself
 * after a schema change); the least recently used ones are dropped beyond a few hundred.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

/**
 * fsync of the database's WAL file, on libuv's thread pool: the group writer's commits skip
 * SQLite's own fsync and are acknowledged after this one (store/group-commit.ts). Any handle on
 * the file will do, since an fsync flushes the file, not the handle; the file lives as long as
 * our connection, which keeps the database in WAL mode.
 */
function walSync(file: string) {
  let handle: Promise<FileHandle> | undefined;
  return {
    sync: async () => {
      // A failed open (EMFILE under a flood of connections, say) fails this group only: kept, it
      // would have failed every later write until a restart.
      handle ??= open(`${file}-wal`, 'r+').catch((error: unknown) => {
        handle = undefined;
        throw error;
      });
      const wal = await handle;
      try {
        await wal.sync();
      } catch (error) {
        throw new WritesStopped(error);
      }
    },
    close: async () => (await handle)?.close(),
  };
}

/**
 * Kysely's SQLite driver begins every transaction with a plain (deferred) BEGIN. A deferred
 * transaction takes the write lock at its first write; if it has read before that and another
 * process holds the lock or has committed since the read (the backfill CLI beside the collector),
 * SQLite answers SQLITE_BUSY at once, without the busy handler. BEGIN IMMEDIATE takes the lock
 * first, so the busy handler waits for it (busy_timeout, below), as the group writer's does.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely's SQLite adapter says SQLite cannot roll back schema changes, so its migrator runs each
 * statement on its own: an upgrade cut short (a kill, a full disk) left a migration half done and
 * unrecorded, and every later start failed on the table it had already made. SQLite can: all
 * pending migrations run in one transaction, and an upgrade happens entirely or not at all.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateTransactionDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateTransactionDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

/** A database this process cannot use as it is; the message says what to do (the collector prints only that). */
export class StoreRefused extends Error {}

/**
 * Refuses a database that a newer Feedloop has migrated: this code does not know what those
 * migrations changed, and Kysely's own refusal ("corrupted migrations") sent people looking for
 * damage that was not there.
 */
async function refuseNewerSchema(sqlite: SQLite.Database, file: string): Promise<void> {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
  if (!table) return;
  const known = new Set(Object.keys(await migrationProvider.getMigrations()));
  const unknown = (sqlite.prepare('select name from kysely_migration order by name').pluck().all() as string[]).filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  throw new StoreRefused(
    `The database ${file} comes from a newer Feedloop: it has migration ${unknown.join(', ')}, which this version does not know. Run that version or a newer one on it (an older version can only open a copy of the file made before the upgrade).`,
  );
}

/**
 * The connection, in WAL mode, once SQLite has shown it can write there. SQLite opens a file it
 * may not write (read-only file or mount) read-only without a word: the collector then started,
 * answered /healthz, and failed every write with a 500. A write rolled back proves it can.
 */
function openWritable(file: string): SQLite.Database {
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    // A write waits up to 5 s for another connection's write lock (the backfill CLI's batches take
    // well under a second), then fails with SQLITE_BUSY rather than hang; better-sqlite3 is
    // synchronous, so the event loop waits too.
    sqlite.pragma('busy_timeout = 5000');
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    sqlite.exec(`begin immediate; pragma user_version = ${version}; rollback`);
    return sqlite;
  } catch (error) {
    // Closing rolls back the probe, if it got that far.
    sqlite?.close();
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !/^SQLITE_(CANTOPEN|READONLY|PERM)/.test(code)) throw error;
    throw new StoreRefused(
      `Cannot write the database ${file} (${(error as Error).message}): the file, its folder and the -wal and -shm files beside it must be writable by this process.`,
      { cause: error },
    );
  }
}

export interface StoreOptions {
  bands?: BandIndexOptions;
  /** Checkpoint the WAL on a thread of its own instead of inside the writer's commits (the running collector). */
  checkpointThread?: boolean | CheckpointerOptions;
}

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 * WAL with synchronous=FULL: a commit is on disk before the statement returns, so an answer
 * sent after a commit survives a crash or power cut. (The group writer gets the same guarantee
 * with its fsync off the event loop.)
 */
export async function openStore(file: string, options: StoreOptions = {}): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = openWritable(file);
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // 64 MB of page cache instead of 2 MB: index lookups on the write path stay in memory.
  sqlite.pragma('cache_size = -65536');
  // Checkpoint every ~40 MB of WAL instead of every 4 MB: a checkpoint writes each changed page
  // once however often it changed, and runs (with two fsyncs) inside whichever commit crosses the
  // line, so it should happen rarely. The running collector moves them to a thread of their own
  // (`checkpointThread`, store/checkpointer.ts).
  sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  // After a checkpoint lets the WAL start over, the file is cut back to this size rather than
  // keeping the largest size it ever reached.
  sqlite.pragma('journal_size_limit = 67108864');
  try {
    await refuseNewerSchema(sqlite, file);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new ImmediateTransactionDialect({ database: withStatementCache(sqlite) }) });
  const result = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (result.error) {
    await db.destroy();
    throw new Error(`Database migration failed: ${String(result.error)}`);
  }
  const wal = file === ':memory:' ? undefined : walSync(file);
  const writes = new GroupCommit(db, sqlite, wal?.sync, options.bands);
  const { checkpointThread } = options;
  const checkpointer = wal && checkpointThread ? new Checkpointer(sqlite, file, checkpointThread === true ? {} : checkpointThread) : undefined;
  return {
    db,
    sqlite,
    writes,
    checkpointer,
    close: async () => {
      await writes.drain();
      await checkpointer?.stop();
      await wal?.close();
      await db.destroy();
    },
  };
}
