import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { BandIndexOptions } from './band-index.ts';
import { WriteStatements } from './write-statements.ts';

/**
 * A unit of writes; it must use only the `trx` and `sql` it is given (the connection is held for
 * it). Work that needs only the prepared statements can be synchronous: no await, no microtasks.
 */
export type Work<T> = (trx: Kysely<Database>, sql: WriteStatements) => T | Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** Makes everything committed so far durable (an fsync of the WAL file). */
export type Sync = () => Promise<void>;

/**
 * An fsync of the WAL failed, so what it was to put on disk may be gone: on Linux the kernel drops
 * the pages it could not write and clears the error, and a later fsync succeeds without them.
 * Groups committed after the lost ones sit behind them in the WAL, and recovery after a crash
 * would stop at the gap; so once this happens no later write is acknowledged, until a restart
 * (PostgreSQL stops for the same reason). Routes answer it with 503 `storage_failed`.
 */
export class WritesStopped extends Error {
  readonly code = 'WRITES_STOPPED';

  constructor(cause: unknown) {
    super(`writes stopped: an fsync of the database failed (${cause instanceof Error ? cause.message : String(cause)}); restart the collector`, { cause });
    this.name = 'WritesStopped';
  }
}

/** Bounds one transaction, so a flood cannot build one huge commit that everyone waits on. */
const MAX_GROUP = 256;

/** Transaction control, prepared once: it runs for every group or job. */
function controlStatements(sqlite: SQLite.Database) {
  const q = (text: string) => sqlite.prepare(text);
  return {
    noFsync: q('pragma synchronous = normal'),
    fsync: q('pragma synchronous = full'),
    // Immediate: the write lock is taken before any job reads. A deferred transaction that has
    // read cannot wait for the lock (nor write after another connection, the backfill CLI say,
    // has committed since its read): SQLite answers SQLITE_BUSY at once, the busy handler unused,
    // and every job of the group fails. Taking the lock at BEGIN waits for it instead, for up to
    // the connection's busy_timeout (store/open.ts) — with the event loop stopped meanwhile,
    // since better-sqlite3 is synchronous, which is why other writers keep their transactions short.
    begin: q('begin immediate'),
    commit: q('commit'),
    rollback: q('rollback'),
    savepoint: q('savepoint grouped_job'),
    release: q('release grouped_job'),
    undoJob: q('rollback to grouped_job'),
  };
}

/**
 * Group commit for durable acknowledgements. Every write that leads to a 2xx goes through
 * `run()`, which resolves only once the transaction holding that write is committed and on disk.
 *
 * The fsync that puts a commit on disk costs more than everything else a request does, and
 * better-sqlite3 would run it on the event loop's thread. So a group's transaction commits with
 * synchronous=NORMAL (SQLite writes the WAL frames, without fsync), and then `sync` fsyncs the WAL
 * file on libuv's thread pool: the jobs of the group are acknowledged when that fsync returns,
 * exactly the guarantee synchronous=FULL gives, while the event loop goes on reading requests
 * and the next group commits. Groups that commit during an fsync share the next one. Every other
 * write on the connection still runs with synchronous=FULL.
 *
 * When the writer is idle a new job is committed at once: the flush is scheduled with
 * setImmediate, which runs right after the event loop has handed out the I/O it already has (no
 * timer, so one connection is never slowed to a flush interval). Jobs that arrive while a group
 * is being committed form the next group.
 *
 * Each job runs inside a savepoint: a job that throws (an AppError, say) rolls back only its own
 * writes and gets its own error; the others still commit. If the commit or the fsync fails, every
 * job of the group is rejected: none of it may be acknowledged.
 */
export class GroupCommit {
  readonly #db: Kysely<Database>;
  readonly #sql: WriteStatements;
  readonly #control: ReturnType<typeof controlStatements>;
  readonly #sync: Sync | undefined;
  #queue: Job[] = [];
  #scheduled = false;
  #flushing: Promise<void> | undefined;
  #awaitingSync: Array<(error?: unknown) => void> = [];
  #syncing: Promise<void> | undefined;
  #commits = 0;
  #mergingBands = false;
  /** Set by the first failed fsync: from then on every write is refused (WritesStopped). */
  #stopped: WritesStopped | undefined;

  /**
   * `db` and `sqlite` are the same connection (Kysely's driver over the better-sqlite3 handle):
   * a group holds Kysely's connection lock, so no other query runs between its statements.
   * Without `sync` (an in-memory database), commits are acknowledged as they are.
   */
  constructor(db: Kysely<Database>, sqlite: SQLite.Database, sync?: Sync, bands?: BandIndexOptions) {
    this.#db = db;
    this.#sql = new WriteStatements(sqlite, bands);
    this.#control = controlStatements(sqlite);
    this.#sync = sync;
  }

  run<T>(work: Work<T>): Promise<T> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // A running flush takes queued jobs when its commit is done.
      if (this.#scheduled || this.#flushing) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#flushing = this.#flush();
      });
    });
  }

  /** Transactions committed so far: how many groups the writes formed. */
  get commits(): number {
    return this.#commits;
  }

  /** Resolves once every job queued so far has been committed and synced (or failed). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#scheduled || this.#flushing || this.#syncing) {
      await (this.#flushing ?? this.#syncing ?? new Promise((done) => setImmediate(done)));
    }
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_GROUP));
    this.#flushing = undefined;
  }

  async #commit(group: Job[]): Promise<void> {
    const done: Array<{ job: Job; value: unknown }> = [];
    try {
      await this.#db.connection().execute(async (conn) => {
        const control = this.#control;
        if (this.#sync) control.noFsync.run();
        try {
          control.begin.run();
          for (const job of group) {
            control.savepoint.run();
            try {
              const value = job.work(conn, this.#sql);
              done.push({ job, value: value instanceof Promise ? await value : value });
            } catch (error) {
              // Nothing of this job is written: its own error is final at once.
              job.reject(error);
              control.undoJob.run();
            }
            control.release.run();
          }
          control.commit.run();
        } catch (error) {
          // A failed COMMIT (a deferred constraint, say) leaves the transaction open.
          try {
            control.rollback.run();
          } catch {
            // Already rolled back by SQLite.
          }
          throw error;
        } finally {
          if (this.#sync) control.fsync.run();
        }
      });
      this.#commits++;
      if (this.#sql.bands.mergeDue && !this.#mergingBands) void this.#mergeBands();
    } catch (error) {
      // Jobs that already failed keep their own error (a settled promise stays settled).
      for (const job of group) job.reject(error);
      return;
    }
    this.#afterSync((error) => {
      for (const { job, value } of done) {
        if (error === undefined) job.resolve(value);
        else job.reject(error);
      }
    });
  }

  /**
   * Writes the band keys waiting in memory to the on-disk index (store/band-index.ts), one step
   * per job, so the groups of acknowledged writes go on between the steps.
   */
  async #mergeBands(): Promise<void> {
    this.#mergingBands = true;
    const bands = this.#sql.bands;
    try {
      while (await this.run((_trx, sql) => sql.bands.mergeStep()));
      bands.mergeCommitted();
    } catch {
      // A failed commit already failed its jobs; the keys stay in memory and the next merge retries.
      bands.mergeFailed();
    } finally {
      this.#mergingBands = false;
    }
  }

  /** Calls `settle` once everything committed so far is on disk, sharing fsyncs between groups. */
  #afterSync(settle: (error?: unknown) => void): void {
    if (!this.#sync) return settle();
    this.#awaitingSync.push(settle);
    this.#syncing ??= this.#syncLoop(this.#sync);
  }

  async #syncLoop(sync: Sync): Promise<void> {
    while (this.#awaitingSync.length > 0) {
      // Everything in this batch was committed before the fsync starts, so the fsync covers it.
      const batch = this.#awaitingSync.splice(0);
      // After a failed fsync a successful one proves nothing (see WritesStopped).
      let failure: unknown = this.#stopped;
      if (!failure) {
        try {
          await sync();
        } catch (error) {
          failure = error ?? new Error('fsync failed');
          if (error instanceof WritesStopped && !this.#stopped) {
            this.#stopped = error;
            console.error(`[feedloop] ${error.message}; every write is refused with 503 until then.`, error.cause);
          }
        }
      }
      for (const settle of batch) settle(failure);
    }
    this.#syncing = undefined;
  }
}
