import type { BacklogRunner } from './analysis-backlog.ts';
import type { LoadProbe } from './loop-load.ts';
import { ingestAnalysisOn } from './response-analysis.ts';

/** Texts per batch: one message to the catch-up thread, one transaction. */
const BATCH = 200;
/** While the collector is saturated, how often it looks again whether it still is. */
const BUSY_RETRY_MS = 250;
/**
 * Under saturation that does not end, a batch still goes after this long of waiting: the backlog
 * cannot only grow. Counted from when the wait began, not from the last batch: counted so, the
 * first text a burst left behind set off a batch at once whenever the last one was long ago, in
 * the middle of the burst (one per 1-s turn of the ingest bench).
 */
const BUSY_MAX_WAIT_MS = 2000;
/** Texts the catch-up gave up on (their analysis failed or never ended), remembered at most. */
const SKIPPED_MAX = 10_000;

export interface CatchUpDeps {
  /** Where the batches run (services/analysis-backlog-thread.ts in the running collector). */
  runner: BacklogRunner;
  load: LoadProbe;
  /** Told about each response once its analysis is stored (app.ts: the admin live stream). */
  onAnalysed?(siteId: string, responseId: string): void;
}

/**
 * The analysis of texts the write path stored without one. While the collector is saturated
 * (`load.busy()`) the write path does not wait for a text's sentiment, keywords and language: on
 * a two-core machine the analysis' CPU is taken from the requests, and acknowledging a response
 * durably comes first. Such a row is stored with everything else — spam score, cluster, auto-tags,
 * a priority from its rating, attributes and cluster — and joins the index responses_unanalysed;
 * this analyses it as soon as the load drops, in batches on a thread of its own, and writes the
 * columns with the priority made again, as the write path would have. Rows stored with
 * ANALYSIS=off, or before an upgrade brought the analysis, are found the same way when the
 * collector starts.
 */
export class AnalysisCatchUp {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  /**
   * Kicked since the current pass began. A row's id is made when its request arrives, before its
   * analysis and its turn in the group commit, so the row behind a kick in mid-pass may sort
   * before the cursor: only a pass begun after the kick is sure to see it.
   */
  #kicked = false;
  /** A row of this pass was left unwritten because it changed after it was read. */
  #leftChanged = false;
  /** This pass only reads again the rows the previous one found changed (no kick since). */
  #rereading = false;
  #cursor = '';
  /** When the current wait for the load to drop began. */
  #busySince: number | undefined;
  #failures = 0;
  #skipped = new Set<string>();

  constructor(private readonly deps: CatchUpDeps) {}

  /** Whether a text arriving now is stored without waiting for its analysis. */
  deferNow(): boolean {
    return ingestAnalysisOn() && this.deps.load.busy();
  }

  /** A text was stored without its analysis (or the collector started): catch up when the load allows. */
  kick(): void {
    this.#kicked = true;
    this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    // A running batch schedules what follows it when it is done.
    if (this.#running || this.#timer) return;
    this.#timer = setTimeout(() => void this.#run(), delayMs);
    // Never the reason a process stays alive.
    this.#timer.unref?.();
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    if (!ingestAnalysisOn()) return;
    if (this.deps.load.busy()) {
      this.#busySince ??= performance.now();
      if (performance.now() - this.#busySince < BUSY_MAX_WAIT_MS) return this.#schedule(BUSY_RETRY_MS);
    }
    this.#busySince = undefined;
    if (this.#cursor === '') {
      this.#rereading = !this.#kicked;
      this.#kicked = false;
      this.#leftChanged = false;
    }
    this.#running = true;
    let more: boolean;
    try {
      more = await this.#batch();
      this.#failures = 0;
    } catch {
      // A busy moment: try later. Three failures in a row mean the store is closed (shutdown,
      // the end of a test): stop until kicked again.
      this.#running = false;
      if (++this.#failures < 3) this.#schedule(5_000);
      return;
    }
    this.#running = false;
    // Rows found changed are read once more: a change that did not analyse them (a copy of the
    // text arriving links the first one to its cluster) leaves them waiting. Only once, though:
    // a row that never compares equal to what was read of it must not be analysed on and on.
    if (more || this.#kicked || (this.#leftChanged && !this.#rereading)) this.#schedule(0);
  }

  /** One batch analysed and written; whether there may be more after it. */
  async #batch(): Promise<boolean> {
    const outcome = await this.deps.runner.run({ afterId: this.#cursor, limit: BATCH, skip: [...this.#skipped] });
    // The analysis of one text never ended: given up for the life of the process, and the same
    // batch done again without it.
    if ('stalledOn' in outcome) {
      this.#skip(outcome.stalledOn);
      return true;
    }
    for (const id of outcome.failed) this.#skip(id);
    // A row changed since it was read is left alone: a follow-up analysed it again, and one still
    // waiting (see #run) is read again.
    if (outcome.written.length < outcome.analysed) this.#leftChanged = true;
    // Moved on only once the batch is written: a failed write is tried again, not passed over.
    // A short batch is the end of the backlog: the next run starts from the beginning again.
    this.#cursor = outcome.read === BATCH ? outcome.lastId : '';
    for (const row of outcome.written) this.deps.onAnalysed?.(row.site_id, row.id);
    return outcome.read === BATCH;
  }

  #skip(id: string): void {
    if (this.#skipped.size >= SKIPPED_MAX) this.#skipped.delete(this.#skipped.values().next().value!);
    this.#skipped.add(id);
  }
}
