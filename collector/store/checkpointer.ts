import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { startTsThread } from '../ts-thread.ts';

export interface CheckpointThreadData {
  file: string;
  intervalMs: number;
}

export interface CheckpointerOptions {
  /** How often the thread checkpoints. */
  intervalMs?: number;
  /** WAL pages past which the writer's own commit checkpoints too (WAL_BOUND_PAGES). */
  walBoundPages?: number;
}

export type CheckpointReport =
  | { type: 'checkpoint'; frames: number; copied: number }
  | { type: 'error'; message: string };

/** WAL pages after which the writer's own connection checkpoints, when no thread does it. */
export const AUTOCHECKPOINT_PAGES = 10_000;
/**
 * WAL pages after which the writer's own connection checkpoints even with the thread. A PASSIVE
 * checkpoint copies only what was committed before it began, and the WAL starts over from its
 * beginning only once a checkpoint has copied everything; under sustained load some commit always
 * lands while the thread copies, and the WAL grew without end (300 MB in 24 s at 1,400 writes/s).
 * Past this size the writer's commit runs a checkpoint itself, with no commit landing meanwhile:
 * the thread has already copied all but the last moments, so that one is short, and the WAL then
 * starts over.
 */
export const WAL_BOUND_PAGES = 20_000;

/**
 * Checkpoints the WAL on a thread of its own. A checkpoint copies every page changed since the
 * last one into the database file and fsyncs it; SQLite runs it inside whichever commit crosses
 * `wal_autocheckpoint`, and the group writer's commits run on the event loop, which then stood
 * still for the copy and two fsyncs every second or two under load (about a tenth of the ingest
 * throughput, measured with the checkpoints left out). So this thread's connection checkpoints
 * every `intervalMs`, in PASSIVE mode, which never blocks the writer, and the writer's connection
 * only past WAL_BOUND_PAGES (see there). If the thread fails, the writer checkpoints as before.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<unknown>;
  readonly #listeners = new Set<(report: CheckpointReport) => void>();

  constructor(sqlite: SQLite.Database, file: string, options: CheckpointerOptions = {}) {
    const { intervalMs = 250, walBoundPages = WAL_BOUND_PAGES } = options;
    sqlite.pragma(`wal_autocheckpoint = ${walBoundPages}`);
    this.#worker = startTsThread(new URL('./checkpoint-thread.ts', import.meta.url), {
      workerData: { file, intervalMs } satisfies CheckpointThreadData,
    });
    this.#exited = once(this.#worker, 'exit');
    const fallBack = () => sqlite.open && sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    this.#worker.on('error', (error) => {
      console.error('checkpoint thread failed; the writer checkpoints from now on:', error);
      fallBack();
    });
    this.#worker.on('exit', fallBack);
    this.#worker.on('message', (report: CheckpointReport) => {
      for (const listener of this.#listeners) listener(report);
    });
    // Never the reason the process stays alive.
    this.#worker.unref();
  }

  /** Reports of each checkpoint (for tests). */
  onReport(listener: (report: CheckpointReport) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A checkpoint now, besides the timer's. */
  now(): void {
    this.#worker.postMessage('now');
  }

  async stop(): Promise<void> {
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}
