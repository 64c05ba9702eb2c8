import type SQLite from 'better-sqlite3';
import { ANALYSIS_COLUMNS, ANALYSIS_INPUTS, type AnalysisColumns, type AnalysisInputs, UNANALYSED, type UnanalysedRow } from './response-analysis.ts';

/**
 * The statements of the analysis catch-up (services/analysis-catch-up.ts), prepared once on one
 * connection: the catch-up thread's own (services/analysis-backlog-thread.ts), or the writer's
 * inside its group commit (WriteStatements, for tests). Plain better-sqlite3, synchronous: the
 * thread has no Kysely, and the group commit runs its jobs without awaits.
 */
export class AnalysisBacklog {
  readonly #after: SQLite.Statement;
  readonly #stage: SQLite.Statement;
  readonly #apply: SQLite.Statement;
  readonly #clear: SQLite.Statement;

  constructor(sqlite: SQLite.Database) {
    // Only what the analysis and the check of writeIfUnchanged read: a row's other columns
    // (answers, page, user agent) cost time to read and hand over and are never looked at. The
    // WHERE says UNANALYSED literally, so SQLite finds the rows through the partial index.
    this.#after = sqlite.prepare(
      `select responses.id, responses.site_id, responses.received_at, ${ANALYSIS_INPUTS.map((c) => `responses.${c}`).join(', ')},
         duplicate_clusters.size as duplicate_count
       from responses left join duplicate_clusters on duplicate_clusters.id = responses.duplicate_cluster_id
       where ${UNANALYSED} and responses.id > ? order by responses.id limit ?`,
    );
    // A batch of analyses is staged in a temporary table and written by one UPDATE. One UPDATE
    // per row cost three times as much inside the group commit's savepoint: there every statement
    // that may fire a trigger (report_responses_update watches sentiment_label) copies each page
    // it touches to a statement journal of its own. Untyped columns keep each value as read, for
    // the `is` comparisons; no key, so that SQLite reads the batch in order and finds each
    // response by its id rather than the other way round.
    const staged = ['id', ...ANALYSIS_INPUTS, ...ANALYSIS_COLUMNS];
    sqlite.exec(`create temp table if not exists analysis_batch (${staged.join(', ')})`);
    this.#stage = sqlite.prepare(`insert into temp.analysis_batch (${staged.join(', ')}) values (${staged.map(() => '?').join(', ')})`);
    this.#apply = sqlite
      .prepare(
        `update responses set ${ANALYSIS_COLUMNS.map((c) => `${c} = b.${c}`).join(', ')}
         from temp.analysis_batch as b
         where responses.id = b.id and ${ANALYSIS_INPUTS.map((c) => `responses.${c} is b.${c}`).join(' and ')}
         returning responses.id`,
      )
      .pluck();
    this.#clear = sqlite.prepare('delete from temp.analysis_batch');
  }

  /** Texts waiting for their analysis (UNANALYSED), after `afterId` in id order. */
  after(afterId: string, limit: number): UnanalysedRow[] {
    return this.#after.all(afterId, limit) as UnanalysedRow[];
  }

  /**
   * Writes analyses made from the rows as they were read, except to rows changed since: whoever
   * changed them analysed them again already (see updateAnalysedIfUnchanged). The ids written.
   * Runs in the caller's transaction.
   */
  writeIfUnchanged(batch: ReadonlyArray<{ read: AnalysisInputs; columns: AnalysisColumns }>): string[] {
    try {
      for (const { read, columns } of batch) {
        this.#stage.run(read.id, ...ANALYSIS_INPUTS.map((c) => read[c]), ...ANALYSIS_COLUMNS.map((c) => columns[c]));
      }
      return this.#apply.all() as string[];
    } finally {
      this.#clear.run();
    }
  }
}
