import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { startTsThread } from '../ts-thread.ts';

export interface CheckpointThreadData {
  file: string;
  intervalMs: number;
}

export type CheckpointReport =
  | { type: 'checkpoint'; frames: number; copied: number }
  | { type: 'error'; message: string };

/** WAL pages after which the writer's own connection checkpoints, when no thread does it. */
export const AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Checkpoints the WAL on a thread of its own. A checkpoint copies every page changed since the
 * last one into the database file and fsyncs it; SQLite runs it inside whichever commit crosses
 * `wal_autocheckpoint`, and the group writer's commits run on the event loop, which then stood
 * still for the copy and two fsyncs every second or two under load (about a tenth of the ingest
 * throughput, measured with the checkpoints left out). So the writer's connection stops
 * checkpointing, and this thread's connection does it every `intervalMs` instead, in PASSIVE mode:
 * it never blocks the writer. If the thread fails, the writer's connection checkpoints again.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<unknown>;
  readonly #listeners = new Set<(report: CheckpointReport) => void>();

  constructor(sqlite: SQLite.Database, file: string, intervalMs = 1000) {
    sqlite.pragma('wal_autocheckpoint = 0');
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
