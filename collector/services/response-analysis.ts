import type { Kysely } from 'kysely';
import type { Database, NewResponse, StoredResponse } from '../store/database.ts';
import { type AnalysisColumns, clusterSize, updateAnalysedResponse } from '../store/response-analysis.ts';
import { type ResponseChanges, insertResponse, updateResponse } from '../store/responses.ts';
import { listTagRules, replaceAutoTags } from '../store/tags.ts';
import { analyze } from './analysis/analyze.ts';
import { type TagMatcher, tagMatcher } from './auto-tags.ts';
import { priorityOf } from './priority.ts';

type Analysable = Pick<StoredResponse, 'text' | 'locale' | 'score' | 'scale' | 'attributes' | 'spam_score' | 'received_at'>;

let enabled = true;

/**
 * ANALYSIS=off (collector/config.ts) turns the ingest-time analysis off, so the ingest bench can
 * measure what it costs; `npm run backfill` fills the columns in later.
 */
export function setIngestAnalysis(on: boolean): void {
  enabled = on;
}

/** Sentiment, keywords and language of the text, and the priority of the whole response. */
export function analysisColumns(row: Analysable, duplicateCount: number | null, now: number): AnalysisColumns {
  const analysis = row.text ? analyze(row.text, { locale: row.locale ?? undefined }) : undefined;
  const { priority, reasons } = priorityOf({
    score: row.score,
    scale: row.scale,
    sentiment: analysis?.sentiment ?? null,
    text: row.text,
    attributes: row.attributes,
    duplicateCount,
    spamScore: row.spam_score,
    receivedAt: row.received_at,
    now,
  });
  return {
    sentiment: analysis ? Math.round(analysis.sentiment * 1000) / 1000 : null,
    sentiment_label: analysis?.label ?? null,
    language: analysis?.language ?? null,
    keywords: analysis ? JSON.stringify(analysis.keywords) : null,
    priority,
    priority_reasons: JSON.stringify(reasons),
  };
}

// The write path must not read the rules table for every response: each site's compiled rules
// are kept here. Rules change only through services/tag-rules.ts, which calls forgetTagRules.
const matchers = new Map<string, TagMatcher>();

async function siteMatcher(trx: Kysely<Database>, siteId: string): Promise<TagMatcher> {
  let matcher = matchers.get(siteId);
  if (!matcher) {
    matcher = tagMatcher(await listTagRules(trx, siteId));
    matchers.set(siteId, matcher);
  }
  return matcher;
}

export function forgetTagRules(siteId: string): void {
  matchers.delete(siteId);
}

async function autoTag(trx: Kysely<Database>, siteId: string, responseId: string, text: string | null, isNew: boolean): Promise<void> {
  const tags = (await siteMatcher(trx, siteId)).tagsFor(text);
  // A new row has no tags to replace: skip the delete unless there is something to write.
  if (!isNew || tags.length > 0) await replaceAutoTags(trx, responseId, tags);
}

/** Inserts a scored response with its analysis columns and auto-tags, in the caller's transaction. */
export async function insertAnalysed(
  trx: Kysely<Database>,
  row: NewResponse & { spam_score: number; duplicate_cluster_id: number | null },
): Promise<void> {
  if (!enabled) return insertResponse(trx, row);
  const columns = analysisColumns(
    { ...row, text: row.text ?? null, locale: row.locale ?? null, score: row.score ?? null, scale: row.scale ?? null, attributes: row.attributes ?? null },
    await clusterSize(trx, row.duplicate_cluster_id),
    row.received_at,
  );
  await insertResponse(trx, { ...row, ...columns });
  await autoTag(trx, row.site_id, row.id, row.text ?? null, true);
}

/**
 * Updates a response and re-analyses it as it now stands: a follow-up can add text, a second
 * answer can change the rating, and both change sentiment, tags and priority.
 */
export async function updateAnalysed(
  trx: Kysely<Database>,
  stored: StoredResponse,
  changes: ResponseChanges & { updated_at: number },
): Promise<void> {
  if (!enabled) return updateResponse(trx, stored.id, changes);
  const merged = { ...stored, ...changes };
  const columns = analysisColumns(merged, await clusterSize(trx, merged.duplicate_cluster_id), changes.updated_at);
  await updateAnalysedResponse(trx, stored.id, { ...changes, ...columns });
  if (merged.text !== stored.text) await autoTag(trx, stored.site_id, stored.id, merged.text, false);
}
