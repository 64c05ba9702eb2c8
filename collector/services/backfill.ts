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
  onProgress?(done: number, total: number): void;
}

export async function countToBackfill(db: Kysely<Database>, siteId?: string): Promise<number> {
  let query = db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n'));
  if (siteId) query = query.where('site_id', '=', siteId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * Re-analyses stored responses — sentiment, keywords, priority (with today's recency and today's
 * cluster sizes) and auto-tags under the site's current rules — in id order, one transaction per
 * batch. Returns how many were rewritten.
 */
export async function backfillResponses(db: Kysely<Database>, options: BackfillOptions): Promise<number> {
  const total = await countToBackfill(db, options.siteId);
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
  let afterId = '';
  options.onProgress?.(0, total);
  for (;;) {
    const rows = await responsesAfter(db, { afterId, limit: options.batch ?? 500, siteId: options.siteId });
    if (rows.length === 0) return done;
    afterId = rows[rows.length - 1]!.id;
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
    done += rows.length;
    options.onProgress?.(done, Math.max(total, done));
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
