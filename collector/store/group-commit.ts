import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './database.ts';

/** A unit of writes; it must use only the `trx` it is given (the connection is held for it). */
export type Work<T> = (trx: Kysely<Database>) => Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

// Precompiled: they run twice per job, and need no query builder.
const SAVEPOINT = CompiledQuery.raw('savepoint grouped_job');
const RELEASE = CompiledQuery.raw('release grouped_job');
const ROLLBACK = CompiledQuery.raw('rollback to grouped_job');

/** Bounds one transaction, so a flood cannot build one huge commit that everyone waits on. */
const MAX_GROUP = 256;

/**
 * Group commit for durable acknowledgements. Every write that leads to a 2xx goes through
 * `run()`, which resolves only after the transaction holding that write has committed: with WAL
 * and synchronous=FULL the commit's fsync is what makes the write survive a crash, and it costs
 * about as much as everything else a request does. So writes that arrive together share one
 * BEGIN…COMMIT, and one fsync.
 *
 * When the writer is idle a new job is committed at once: the flush is scheduled with
 * setImmediate, which runs right after the event loop has handed out the I/O it already has (no
 * timer, so one connection is never slowed to a flush interval). better-sqlite3 blocks the
 * thread during a commit, so the requests that arrive meanwhile wait in the socket buffers; the
 * next loop turn reads them all, and their jobs queue up and share the next commit.
 *
 * Each job runs inside a savepoint: a job that throws (an AppError, say) rolls back only its
 * own writes and gets its own error; the others still commit. If the commit itself fails, every
 * job of the group is rejected, because none of it is on disk.
 */
export class GroupCommit {
  readonly #db: Kysely<Database>;
  #queue: Job[] = [];
  #scheduled = false;
  #flushing: Promise<void> | undefined;
  #commits = 0;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  run<T>(work: Work<T>): Promise<T> {
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

  /** Transactions committed so far: how many fsyncs the writes cost. */
  get commits(): number {
    return this.#commits;
  }

  /** Resolves once every job queued so far has been committed (or failed). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#scheduled || this.#flushing) {
      await (this.#flushing ?? new Promise((done) => setImmediate(done)));
    }
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_GROUP));
    this.#flushing = undefined;
  }

  async #commit(group: Job[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.#db.transaction().execute(async (trx) => {
        for (const job of group) {
          await trx.executeQuery(SAVEPOINT);
          try {
            outcomes.push({ ok: true, value: await job.work(trx) });
            await trx.executeQuery(RELEASE);
          } catch (error) {
            outcomes.push({ ok: false, error });
            await trx.executeQuery(ROLLBACK);
            await trx.executeQuery(RELEASE);
          }
        }
      });
      this.#commits++;
    } catch (error) {
      // Nothing of this group reached the disk: no job may be acknowledged.
      for (let i = 0; i < group.length; i++) {
        if (outcomes[i]?.ok !== false) outcomes[i] = { ok: false, error };
      }
    }
    group.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
