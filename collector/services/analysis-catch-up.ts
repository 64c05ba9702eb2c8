import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import { type UnanalysedRow, unanalysedAfter } from '../store/response-analysis.ts';
import type { PreparedText, TextAnalyzer } from './analysis/text-analyzer.ts';
import type { LoadProbe } from './loop-load.ts';
import { analysisColumns, ingestAnalysisOn } from './response-analysis.ts';

/** Texts per batch: one message to the analysis thread, one job of the group commit. */
const BATCH = 200;
/** While the collector is saturated, how often it looks again whether it still is. */
const BUSY_RETRY_MS = 250;
/** Under saturation that does not end, a batch still goes this often: the backlog cannot only grow. */
const BUSY_MAX_WAIT_MS = 2000;
/** Texts the analysis gave up on (text-analyzer.ts: the thread stalled on them), remembered at most. */
const SKIPPED_MAX = 10_000;

export interface CatchUpDeps {
  db: Kysely<Database>;
  writes: GroupCommit;
  analyzer: TextAnalyzer;
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
 * this analyses it as soon as the load drops, in batches on the analysis thread, and writes the
 * columns with the priority made again, exactly as the write path would have. Rows stored with
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
  #lastBatchAt = performance.now();
  #failures = 0;
  #skipped = new Set<string>();
  /** Texts that came back without an analysis once: tried again alone before they are given up (see #prepare). */
  #suspects = new Set<string>();
  /** This pass found new suspects: another pass tries them. */
  #suspected = false;

  constructor(private readonly deps: CatchUpDeps) {}

  /** Whether a text arriving now is stored without waiting for its analysis. */
  deferNow(): boolean {
    return ingestAnalysisOn() && this.deps.load.busy();
  }

  /** A text was stored without its analysis (or the collector started): catch up when the load allows. */
  kick(delayMs = 0): void {
    this.#kicked = true;
    this.#schedule(delayMs);
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
    if (this.deps.load.busy() && performance.now() - this.#lastBatchAt < BUSY_MAX_WAIT_MS) return this.#schedule(BUSY_RETRY_MS);
    if (this.#cursor === '') {
      this.#rereading = !this.#kicked;
      this.#kicked = false;
      this.#leftChanged = false;
      this.#suspected = false;
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
    this.#lastBatchAt = performance.now();
    // Rows found changed are read once more: a change that did not analyse them (a copy of the
    // text arriving links the first one to its cluster) leaves them waiting. Only once, though:
    // a row that never compares equal to what was read of it must not be analysed on and on.
    if (more || this.#kicked || this.#suspected || (this.#leftChanged && !this.#rereading)) this.#schedule(0);
  }

  /** One batch analysed and written; whether there may be more after it. */
  async #batch(): Promise<boolean> {
    const rows = await unanalysedAfter(this.deps.db, { afterId: this.#cursor, limit: BATCH });
    const todo = rows.filter((row) => !this.#skipped.has(row.id));
    const prepared = await this.#prepare(todo);
    const analysed = todo.flatMap((row, i) => {
      const ready = prepared[i];
      if (!ready?.analysis) {
        this.#suspect(row.id);
        return [];
      }
      this.#suspects.delete(row.id);
      // As of the row's last write, as the write path computes it: recency counts from there.
      const columns = analysisColumns(row, row.duplicate_count, row.updated_at ?? row.received_at, ready.analysis, ready.print?.normalized);
      return [{ read: row, columns }];
    });
    // A row changed since it was read is left alone: a follow-up analysed it again, and one still
    // waiting (see #run) is read again.
    const ids = new Set(analysed.length === 0 ? [] : await this.deps.writes.run((_trx, sql) => sql.addAnalysesIfUnchanged(analysed)));
    const written = todo.filter((row) => ids.has(row.id));
    if (written.length < analysed.length) this.#leftChanged = true;
    // Moved on only once the batch is written: a failed write is tried again, not passed over.
    // A short batch is the end of the backlog: the next run starts from the beginning again.
    this.#cursor = rows.length === BATCH ? rows[rows.length - 1]!.id : '';
    for (const row of written) this.deps.onAnalysed?.(row.site_id, row.id);
    return rows.length === BATCH;
  }

  /**
   * The texts' preparations, undefined where it failed. When the thread stalls, every text it
   * holds comes back without an analysis (text-analyzer.ts cannot tell which one stopped it), so
   * a text that came back so once is sent again alone, as a message of its own; only a text
   * without an analysis alone is given up for the life of the process.
   */
  async #prepare(rows: readonly UnanalysedRow[]): Promise<Array<PreparedText | undefined>> {
    const one = (row: UnanalysedRow): Promise<PreparedText | undefined> =>
      this.deps.analyzer
        .prepare(row.text!, { locale: row.locale ?? undefined, scope: row.site_id, analyse: true, background: true })
        .catch(() => undefined);
    const prepared = await Promise.all(rows.map((row) => (this.#suspects.has(row.id) ? undefined : one(row))));
    for (const [i, row] of rows.entries()) if (this.#suspects.has(row.id)) prepared[i] = await one(row);
    return prepared;
  }

  #suspect(id: string): void {
    if (this.#suspects.delete(id)) return this.#skip(id);
    if (this.#suspects.size >= SKIPPED_MAX) this.#suspects.delete(this.#suspects.values().next().value!);
    this.#suspects.add(id);
    this.#suspected = true;
  }

  #skip(id: string): void {
    if (this.#skipped.size >= SKIPPED_MAX) this.#skipped.delete(this.#skipped.values().next().value!);
    this.#skipped.add(id);
  }
}
