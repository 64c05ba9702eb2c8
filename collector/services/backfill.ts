import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import { responsesAfter, updateAnalysedIfUnchanged } from '../store/response-analysis.ts';
import { listTagRules, replaceAutoTags } from '../store/tags.ts';
import { type TagMatcher, tagMatcher } from './auto-tags.ts';
import { analysisColumns } from './response-analysis.ts';

export interface BackfillOptions {
  now: number;
  /** Responses per transaction: small enough that the collector's writes never wait long. */
  batch?: number;
  siteId?: string;
  /** Start after this response id: where an interrupted run stopped (its BackfillResult.lastId). */
  afterId?: string;
  /** Once aborted, the run stops after the batch it is writing. */
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

export interface BackfillResult {
  /** Responses re-analysed by this run. */
  done: number;
  /** The last response id written, in id order; a run given it as afterId goes on from there. */
  lastId: string | undefined;
  /** Whether the signal stopped the run before the last response. */
  stopped: boolean;
}

export async function countToBackfill(db: Kysely<Database>, siteId?: string, afterId = ''): Promise<number> {
  let query = db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', afterId);
  if (siteId) query = query.where('site_id', '=', siteId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * Re-analyses stored responses — sentiment, keywords, priority (with today's recency and today's
 * cluster sizes) and auto-tags under the site's current rules — in id order, one transaction per
 * batch, from `afterId` on. Each batch is written whole or not at all, so a run stopped (by the
 * signal, or killed) can go on after the last id it wrote instead of starting over.
 */
export async function backfillResponses(db: Kysely<Database>, options: BackfillOptions): Promise<BackfillResult> {
  const total = await countToBackfill(db, options.siteId, options.afterId);
  const matchers = new Map<string, { ruleIds: string; matcher: TagMatcher }>();
  /**
   * The site's rules as they are inside the batch's transaction, not as they were when the run
   * began: a rule an admin adds or deletes during a long run is re-applied by the collector at
   * once (services/tag-rules.ts), and batches written after that must not bring the old tags back.
   */
  const currentMatcher = async (trx: Kysely<Database>, siteId: string): Promise<TagMatcher> => {
    const rules = await listTagRules(trx, siteId);
    const ruleIds = rules.map((r) => r.id).join(' ');
    let known = matchers.get(siteId);
    if (known?.ruleIds !== ruleIds) {
      known = { ruleIds, matcher: tagMatcher(rules) };
      matchers.set(siteId, known);
    }
    return known.matcher;
  };
  let done = 0;
  let afterId = options.afterId ?? '';
  options.onProgress?.(0, total);
  for (;;) {
    const lastId = afterId === '' ? undefined : afterId;
    const rows = await responsesAfter(db, { afterId, limit: options.batch ?? 500, siteId: options.siteId });
    if (rows.length === 0) return { done, lastId, stopped: false };
    if (options.signal?.aborted) return { done, lastId, stopped: true };
    const batchLast = rows[rows.length - 1]!.id;
    // Analysed before the transaction: it holds the write lock, and a running collector waits
    // for that lock with its event loop stopped (store/group-commit.ts), so only the writes (and
    // the auto-tags, a fraction of the analysis' cost) go in. A row a follow-up changes meanwhile
    // is left as the follow-up's write analysed it.
    const analysed = rows.map((row) => ({ row, columns: analysisColumns(row, row.duplicate_count, options.now) }));
    await db.transaction().execute(async (trx) => {
      const siteMatchers = new Map<string, TagMatcher>();
      for (const siteId of new Set(rows.map((r) => r.site_id))) siteMatchers.set(siteId, await currentMatcher(trx, siteId));
      for (const { row, columns } of analysed) {
        if (await updateAnalysedIfUnchanged(trx, row, columns)) await replaceAutoTags(trx, row.id, siteMatchers.get(row.site_id)!.tagsFor(row.text));
      }
    });
    afterId = batchLast;
    done += rows.length;
    options.onProgress?.(done, Math.max(total, done));
    // better-sqlite3 answers every query at once, so without this the whole run would be one turn
    // of the event loop, and a Ctrl-C (the signal) would be seen only once it was over.
    await new Promise((next) => setImmediate(next));
  }
}

/** "[########............]  1,200/5,000  24.0%  8,310/s": one line (rewritten in place on a terminal). */
export function progressLine(done: number, total: number, elapsedMs: number, width = 24): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * width);
  const rate = elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0;
  const fmt = (n: number) => n.toLocaleString('en-US');
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]  ${fmt(done)}/${fmt(total)}  ${(share * 100).toFixed(1)}%  ${fmt(rate)}/s`;
}
