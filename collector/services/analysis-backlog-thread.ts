import { parentPort } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { AnalysisBacklog } from '../store/analysis-backlog.ts';
import { startTsThread } from '../ts-thread.ts';
import { analyzeForStorage } from './analysis/text-analyzer.ts';
import { warmUp } from './analysis/warm-up.ts';
import { type Analyse, type BacklogOutcome, type BacklogRequest, type BacklogRunner, runBacklogBatch } from './analysis-backlog.ts';

/**
 * The analysis catch-up on a thread of its own, with a connection of its own to the database: it
 * reads a batch of texts waiting for their analysis, analyses them and writes the columns, and the
 * event loop only hears which rows were written (for the admin live stream). On the event loop,
 * reading a batch and handing its texts to the analysis thread and back cost 33–37 µs a text, and
 * writing it alone 22–25 µs; here the event loop pays nothing of it. Its transaction holds SQLite's
 * write lock for the few milliseconds of one batch's UPDATE, and the writer's group commit waits
 * for it meanwhile (BEGIN IMMEDIATE, busy_timeout), as it does for `npm run backfill`.
 */
export interface BacklogThreadData {
  file: string;
  /** The id of the response being analysed (UTF-8, after its byte length), '' between analyses. */
  progress: SharedArrayBuffer;
  /** Whether to warm the analysis as the thread starts (analysis/warm-up.ts). */
  warm: boolean;
}

/** A response id's room in `progress`: ids are a few dozen ASCII characters. */
const PROGRESS_BYTES = 4 + 256;
/** How long a batch may take before the thread counts as stalled: far beyond any real batch (200 long texts take well under a second). */
const STALL_MS = 10_000;

function setProgress(progress: SharedArrayBuffer, id: string): void {
  const { written } = new TextEncoder().encodeInto(id, new Uint8Array(progress, 4));
  Atomics.store(new Int32Array(progress, 0, 1), 0, written);
}

function progressOf(progress: SharedArrayBuffer): string {
  const length = Atomics.load(new Int32Array(progress, 0, 1), 0);
  // TextDecoder refuses views of shared memory: a copy.
  return new TextDecoder().decode(new Uint8Array(progress, 4, length).slice());
}

/**
 * The thread's side (analysis-backlog-worker.ts runs it): one batch per message, its outcome or
 * its error in answer. `analyse` is the analysis (tests give one that never ends on some text).
 */
export function serveBacklog(data: BacklogThreadData, analyse: Analyse = analyzeForStorage): void {
  const sqlite = new SQLite(data.file);
  sqlite.pragma('busy_timeout = 5000');
  // The columns are made from the stored text and can be made again: a commit lost in a power cut
  // leaves its rows in the backlog, analysed again at the next start. So no fsync of its own (the
  // writer's next group commit fsyncs the WAL, these frames with it).
  sqlite.pragma('synchronous = NORMAL');
  const backlog = new AnalysisBacklog(sqlite);
  const write = sqlite.transaction((batch: Parameters<AnalysisBacklog['writeIfUnchanged']>[0]) => backlog.writeIfUnchanged(batch));
  parentPort!.on('message', async (request: BacklogRequest) => {
    try {
      parentPort!.postMessage(await runBacklogBatch(backlog, request, (batch) => write.immediate(batch), analyse, (id) => setProgress(data.progress, id)));
    } catch (error) {
      parentPort!.postMessage({ error: String(error) });
    }
  });
  // Between the batches that come meanwhile, in slices of a few milliseconds.
  if (data.warm) warmUp(analyse).catch((error: unknown) => console.error('analysis catch-up thread: the warm-up failed:', error));
}

export interface BacklogThreadOptions {
  stallMs?: number;
  /** The thread's entry module (tests give one whose analysis never ends on some text). */
  script?: URL;
  /**
   * Start the thread now, not at the first batch, and have it warm its analysis (see
   * analysis/warm-up.ts): the first batches come when the collector is saturated, the worst
   * moment to start an isolate and compile the analysis. The collector does; tests need not.
   */
  warm?: boolean;
}

/**
 * The collector's side. A thread that does not answer a batch within `stallMs` (a text that sends
 * the analysis into a loop) is stopped; the batch is abandoned and the text it was on is named,
 * so the catch-up gives up that text alone and the next batch, on a fresh thread, does the rest.
 */
export function threadBacklog(file: string, options: BacklogThreadOptions = {}): BacklogRunner {
  const { stallMs = STALL_MS, script = new URL('./analysis-backlog-worker.ts', import.meta.url), warm = false } = options;
  const progress = new SharedArrayBuffer(PROGRESS_BYTES);
  let worker: Worker | undefined;
  const start = () => {
    const thread = startTsThread(script, { workerData: { file, progress, warm } satisfies BacklogThreadData });
    // Never the reason the process stays alive.
    thread.unref();
    return thread;
  };
  if (warm) worker = start();
  return {
    run(request) {
      const thread = (worker ??= start());
      return new Promise((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          thread.off('message', answered);
          thread.off('error', crashed);
          thread.off('exit', exited);
        };
        const answered = (answer: BacklogOutcome | { error: string }) => {
          finish();
          if ('error' in answer) reject(new Error(answer.error));
          else resolve(answer);
        };
        const failed = (error: unknown) => {
          finish();
          if (worker === thread) worker = undefined;
          reject(error);
        };
        const crashed = (error: unknown) => {
          console.error('analysis catch-up thread failed (a fresh one takes the next batch):', error);
          failed(error);
        };
        const exited = (code: number) => failed(new Error(`analysis catch-up thread exited with code ${code}`));
        const timer = setTimeout(() => {
          finish();
          if (worker === thread) worker = undefined;
          void thread.terminate();
          const id = progressOf(progress);
          if (!id) return reject(new Error(`analysis catch-up thread gave no answer for ${stallMs / 1000} s`));
          console.error(`analysis catch-up: the analysis of response ${id} did not end in ${stallMs / 1000} s; it stays without one, thread restarted`);
          resolve({ stalledOn: id });
        }, stallMs);
        timer.unref?.();
        thread.on('message', answered);
        thread.once('error', crashed);
        thread.once('exit', exited);
        setProgress(progress, '');
        thread.postMessage(request);
      });
    },
    async close() {
      const running = worker;
      worker = undefined;
      await running?.terminate();
    },
  };
}
