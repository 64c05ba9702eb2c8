import type SQLite from 'better-sqlite3';
import { ANALYSIS_INPUTS, UNANALYSED, type UnanalysedRow } from './response-analysis.ts';

/**
 * Reads the texts waiting for their analysis (UNANALYSED) after `afterId`, in id order, for the
 * analysis catch-up (services/analysis-catch-up.ts). Plain better-sqlite3 on whichever connection
 * it is given: the catch-up thread's own (services/analysis-backlog-thread.ts) has no Kysely.
 */
export class UnanalysedTexts {
  readonly #after: SQLite.Statement;

  constructor(sqlite: SQLite.Database) {
    // Only what the analysis and the check of addAnalysesIfUnchanged read: a row's other columns
    // (answers, page, user agent) cost time to read and hand over and are never looked at. The
    // WHERE says UNANALYSED literally, so SQLite finds the rows through the partial index.
    this.#after = sqlite.prepare(
      `select responses.id, responses.site_id, responses.received_at, ${ANALYSIS_INPUTS.map((c) => `responses.${c}`).join(', ')},
         duplicate_clusters.size as duplicate_count
       from responses left join duplicate_clusters on duplicate_clusters.id = responses.duplicate_cluster_id
       where ${UNANALYSED} and responses.id > ? order by responses.id limit ?`,
    );
  }

  after(afterId: string, limit: number): UnanalysedRow[] {
    return this.#after.all(afterId, limit) as UnanalysedRow[];
  }
}
