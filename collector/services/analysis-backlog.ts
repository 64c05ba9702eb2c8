import { AnalysisBacklog } from '../store/analysis-backlog.ts';
import type { Store } from '../store/open.ts';
import type { AnalysisColumns, UnanalysedRow } from '../store/response-analysis.ts';
import { type TextAnalysis, analyzeForStorage } from './analysis/text-analyzer.ts';
import { analysisColumns } from './response-analysis.ts';

/** One batch of the catch-up (services/analysis-catch-up.ts): the texts after `afterId`, but those in `skip`. */
export interface BacklogRequest {
  afterId: string;
  limit: number;
  skip: readonly string[];
}

export interface BacklogOutcome {
  /** Rows read: fewer than `limit` is the end of the backlog. */
  read: number;
  lastId: string;
  /** Rows analysed; those of them not written had changed since they were read. */
  analysed: number;
  written: Array<{ id: string; site_id: string }>;
  /** Texts whose analysis failed: the catch-up gives them up. */
  failed: string[];
}

/** The batch was abandoned because the analysis of this response never ended (analysis-backlog-thread.ts). */
export interface BacklogStall {
  stalledOn: string;
}

/** Where the catch-up's batches run: on a thread with its own connection, or on the event loop. */
export interface BacklogRunner {
  run(request: BacklogRequest): Promise<BacklogOutcome | BacklogStall>;
  close(): Promise<void>;
}

export type Analyse = (text: string, locale: string | undefined) => TextAnalysis;

type Analysed = { read: UnanalysedRow; columns: AnalysisColumns };

/**
 * One batch of the backlog: read, analysed with the priority made again, and handed to `write`
 * (which answers the ids it wrote). `analysing` hears of each row before its analysis and of ''
 * once they are all done, so that a thread stuck in one analysis can be told which text stopped it.
 */
export async function runBacklogBatch(
  backlog: AnalysisBacklog,
  request: BacklogRequest,
  write: (batch: Analysed[]) => string[] | Promise<string[]>,
  analyse: Analyse = analyzeForStorage,
  analysing?: (id: string) => void,
): Promise<BacklogOutcome> {
  const rows = backlog.after(request.afterId, request.limit);
  const skip = new Set(request.skip);
  const failed: string[] = [];
  const analysed: Analysed[] = [];
  for (const row of rows) {
    if (skip.has(row.id)) continue;
    analysing?.(row.id);
    let analysis: TextAnalysis;
    try {
      analysis = analyse(row.text!, row.locale ?? undefined);
    } catch {
      failed.push(row.id);
      continue;
    }
    // As of the row's last write, as the write path computes it: recency counts from there.
    analysed.push({ read: row, columns: analysisColumns(row, row.duplicate_count, row.updated_at ?? row.received_at, analysis) });
  }
  analysing?.('');
  const ids = new Set(analysed.length === 0 ? [] : await write(analysed));
  return {
    read: rows.length,
    lastId: rows.at(-1)?.id ?? request.afterId,
    analysed: analysed.length,
    written: analysed.filter(({ read }) => ids.has(read.id)).map(({ read }) => ({ id: read.id, site_id: read.site_id })),
    failed,
  };
}

/**
 * The catch-up on the event loop, written through the group commit: for tests, whose analyses
 * run in-process anyway. The running collector uses analysis-backlog-thread.ts.
 */
export function inProcessBacklog(store: Pick<Store, 'sqlite' | 'writes'>): BacklogRunner {
  const backlog = new AnalysisBacklog(store.sqlite);
  return {
    run: (request) => runBacklogBatch(backlog, request, (batch) => store.writes.run((_trx, sql) => sql.addAnalysesIfUnchanged(batch))),
    close: async () => undefined,
  };
}
