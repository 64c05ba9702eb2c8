import type { Worker } from 'node:worker_threads';
import { type BandPrint, textBandPrint } from '../../../shared/normalize-text.ts';
import { startTsThread } from '../../ts-thread.ts';
import { type Analysis, analyzeUncued } from './analyze.ts';
import { warmUp } from './warm-up.ts';

/**
 * Where the write path gets a text ready for its transaction: analysed, and fingerprinted for the
 * near-duplicate clusters. Both are pure CPU (0.03–0.05 ms a short text alone, more inside a busy
 * server: `npx tsx bench/analysis-cost.ts`), and the collector's event loop is the bottleneck
 * under load; so in the running collector they happen on a thread of their own, in parallel with
 * the event loop's HTTP and SQLite work, before the write transaction. Tests and the CLIs do it
 * in-process: same functions, same answers.
 */
export interface TextAnalyzer {
  prepare(text: string, options: PrepareOptions): Promise<PreparedText>;
  /** Whether analyses run on their own thread (false in-process, or once the thread failed). */
  readonly threaded: boolean;
  close(): Promise<void>;
}

/**
 * What the write path stores of a text's analysis. The cues explain one text to a reader and are
 * not stored, so they do not cross between threads (copying them cost both threads time).
 */
export type TextAnalysis = Omit<Analysis, 'cues'>;

export function analyzeForStorage(text: string, locale: string | undefined): TextAnalysis {
  const { sentiment, label, keywords, language } = analyzeUncued(text, { locale });
  return { sentiment, label, keywords, language };
}

export interface PrepareOptions {
  locale: string | undefined;
  /** The site: near-duplicate keys are per site. */
  scope: string;
  /** False with ANALYSIS=off: fingerprint only. */
  analyse: boolean;
}

export interface PreparedText {
  analysis: TextAnalysis | undefined;
  /** Undefined for a text too short (or emoji-only) to cluster. */
  print: BandPrint | undefined;
}

export function prepareText(text: string, options: PrepareOptions): PreparedText {
  const print = textBandPrint(text, options.scope);
  return { analysis: options.analyse ? analyzeForStorage(text, options.locale) : undefined, print };
}

/** Warms this isolate's fingerprinting, and its analysis if `analyse`, as the write path uses them (see warm-up.ts). */
export function warmUpPrepare(analyse = true): Promise<void> {
  return warmUp((text, locale) => prepareText(text, { locale, scope: 'warm-up', analyse }));
}

export interface AnalysisRequest {
  id: number;
  text: string;
  options: PrepareOptions;
}

/** What the analysis thread (thread.ts) is started with. */
export interface AnalysisThreadData {
  warm: boolean;
}

export type AnalysisReply = { id: number; prepared: PreparedText } | { id: number; error: string };

export const inProcessAnalyzer: TextAnalyzer = {
  prepare: async (text, options) => prepareText(text, options),
  threaded: false,
  close: async () => undefined,
};

/** The longest text analysed on the event loop when it comes alone (see `send` in threadAnalyzer). */
export const LONE_TEXT_MAX_CHARS = 1000;

/**
 * How long the thread may go without answering while it has work before it counts as stalled:
 * far beyond any real batch (256 texts of 20,000 characters take ~1.5 s).
 */
const STALL_MS = 10_000;

export interface ThreadOptions {
  stallMs?: number;
  /** The thread's entry module (tests give one that never answers). */
  script?: URL;
  /** Whether each thread warms its analysis as it starts (warm-up.ts); the collector does, tests need not. */
  warm?: boolean;
}

/** What a text gets when its analysis never came: its fingerprint only, as with ANALYSIS=off. */
function unanalysed(text: string, options: PrepareOptions): PreparedText {
  try {
    return prepareText(text, { ...options, analyse: false });
  } catch {
    return { analysis: undefined, print: undefined };
  }
}

interface Pending {
  text: string;
  options: PrepareOptions;
  resolve(prepared: PreparedText): void;
  reject(error: unknown): void;
}

/**
 * One analysis thread. Requests made in the same turn of the event loop travel as one message (a
 * lone one, while the thread is idle, is analysed in-process: see `send`).
 * If the thread fails or exits, what it had and everything after is analysed in-process: a
 * response is never lost or delayed for want of its analysis.
 */
export function threadAnalyzer(options: ThreadOptions = {}): TextAnalyzer {
  const { stallMs = STALL_MS, script = new URL('./thread.ts', import.meta.url), warm = false } = options;
  let worker: Worker | undefined;
  const pending = new Map<number, Pending>();
  let outbox: AnalysisRequest[] = [];
  let nextId = 0;
  /** Batches posted and not answered yet, and when the thread last showed progress. */
  let inFlight = 0;
  let progressAt = 0;

  const inProcess = (job: Pending) => {
    try {
      job.resolve(prepareText(job.text, job.options));
    } catch (error) {
      job.reject(error);
    }
  };
  const giveUp = (reason: unknown) => {
    if (!worker) return;
    worker = undefined;
    if (reason) console.error('analysis thread failed; analysing in-process from now on:', reason);
    outbox = [];
    for (const job of pending.values()) inProcess(job);
    pending.clear();
  };

  const start = () => {
    const thread = startTsThread(script, { workerData: { warm } satisfies AnalysisThreadData });
    // Events of a thread replaced after a stall (below) no longer concern anyone.
    thread.on('message', (replies: AnalysisReply[]) => {
      if (thread !== worker) return;
      inFlight--;
      progressAt = Date.now();
      for (const reply of replies) {
        const job = pending.get(reply.id);
        if (!job) continue;
        pending.delete(reply.id);
        if ('prepared' in reply) job.resolve(reply.prepared);
        else job.reject(new Error(reply.error));
      }
      if (pending.size === 0) thread.unref();
    });
    thread.on('error', (error) => thread === worker && giveUp(error));
    thread.on('exit', (code) => thread === worker && giveUp(code === 0 ? undefined : new Error(`exit code ${code}`)));
    // An idle thread never keeps the process alive (shutdown waits for the HTTP server, not for
    // it); one with analyses under way does, so no caller is left waiting.
    thread.unref();
    worker = thread;
    inFlight = 0;
  };
  start();

  // A thread that stops answering (a text that sends the analysis into a loop, say) must not
  // hold every later response back, nor be replaced by analysing on the event loop, which the
  // same text would stop as well. Its texts are stored without an analysis (npm run backfill adds
  // it later), and a fresh thread takes over.
  const watchdog = setInterval(() => {
    if (!worker || inFlight === 0 || Date.now() - progressAt < stallMs) return;
    const stalled = [...pending.values()];
    pending.clear();
    outbox = [];
    void worker.terminate();
    console.error(`analysis thread gave no answer for ${stallMs / 1000} s: ${stalled.length} texts stored without analysis, thread restarted`);
    start();
    for (const job of stalled) job.resolve(unanalysed(job.text, job.options));
  }, Math.max(10, stallMs / 4));
  watchdog.unref();

  // Handing a text to the thread costs two thread wake-ups, and a wake-up on an idle core (a VM's
  // idle vCPU most of all) takes a while. So a text that comes alone while the thread has nothing
  // to do is analysed here: in paired runs at one connection that cut p50 from 1.43 to 1.26 ms
  // and from 1.60 to 1.31 ms. Under load the event loop gathers many texts a turn, or the thread
  // is busy, and they go to the thread. So does a long text (its analysis, ~0.25 ms per 1,000
  // characters, would hold up whatever request comes next).
  const send = () => {
    const batch = outbox;
    outbox = [];
    if (batch.length === 0) return;
    if (batch.length === 1 && pending.size === 1 && batch[0]!.text.length <= LONE_TEXT_MAX_CHARS) {
      const job = pending.get(batch[0]!.id)!;
      pending.clear();
      worker?.unref();
      return inProcess(job);
    }
    if (!worker) return;
    // The stall clock runs from the moment an idle thread is given work.
    if (inFlight++ === 0) progressAt = Date.now();
    worker.postMessage(batch);
  };

  return {
    prepare(text, options) {
      return new Promise<PreparedText>((resolve, reject) => {
        const job = { text, options, resolve, reject };
        if (!worker) return inProcess(job);
        const id = nextId++;
        if (pending.size === 0) worker.ref();
        pending.set(id, job);
        if (outbox.push({ id, text, options }) === 1) setImmediate(send);
      });
    },
    get threaded() {
      return worker !== undefined;
    },
    async close() {
      clearInterval(watchdog);
      const running = worker;
      giveUp(undefined);
      await running?.terminate();
    },
  };
}
