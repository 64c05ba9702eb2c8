import type { Kysely } from 'kysely';
import type { Database, NewResponse, StoredResponse } from '../store/database.ts';
import { type AnalysisColumns, clusterSize, updateAnalysedResponse } from '../store/response-analysis.ts';
import { type ResponseChanges, updateResponse } from '../store/responses.ts';
import { listTagRules, replaceAutoTags } from '../store/tags.ts';
import type { WriteStatements } from '../store/write-statements.ts';
import { analyze } from './analysis/analyze.ts';
import { LONE_TEXT_MAX_CHARS, type PreparedText, type TextAnalysis, type TextAnalyzer, inProcessAnalyzer } from './analysis/text-analyzer.ts';
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

export const ingestAnalysisOn = (): boolean => enabled;

/**
 * The text's own analysis (none with ANALYSIS=off, nor when `later`: the collector is saturated
 * and services/analysis-catch-up.ts adds it) and its near-duplicate fingerprint for the site;
 * nothing without text. Pure functions of the text, so the write path runs them before its
 * transaction, not inside.
 */
export async function prepareText(
  analyzer: TextAnalyzer,
  text: string | null | undefined,
  locale: string | null | undefined,
  siteId: string,
  later = false,
): Promise<PreparedText> {
  if (!text) return { analysis: undefined, print: undefined };
  const options = { locale: locale ?? undefined, scope: siteId, analyse: enabled && !later };
  // A fingerprint alone (the analysis left for later) is made here, as with ANALYSIS=off: handing
  // it to the analysis thread and back costs the event loop about as much as making it, and the
  // thread's CPU and garbage collection besides (in saturated bench turns the thread took 8 µs a
  // response this way against 30 µs, and V8's helper threads less too). A long text still goes.
  if (!options.analyse && text.length <= LONE_TEXT_MAX_CHARS) return inProcessAnalyzer.prepare(text, options);
  return analyzer.prepare(text, options);
}

/**
 * Sentiment, keywords and language of the text, and the priority of the whole response.
 * `analysis` is the text's, when already computed; null when it is to be left out (the analysis
 * thread stalled on it: the row keeps null sentiment until a backfill).
 */
export function analysisColumns(
  row: Analysable,
  duplicateCount: number | null,
  now: number,
  analysis: TextAnalysis | null | undefined = row.text ? analyze(row.text, { locale: row.locale ?? undefined }) : undefined,
  normalizedText?: string,
): AnalysisColumns {
  const { priority, reasons } = priorityOf({
    score: row.score,
    scale: row.scale,
    sentiment: analysis?.sentiment ?? null,
    text: row.text,
    normalizedText,
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

/**
 * A site's compiled auto-tag rules, always the latest: the write path takes it before the text's
 * analysis (which may take seconds) and tags with it inside its transaction. Tagging with the
 * rules as they were when it was taken would miss a rule added meanwhile for good, if the
 * re-application of the rules (services/tag-rules.ts) had already passed that response's place.
 */
class SiteTags implements TagMatcher {
  constructor(public current: TagMatcher) {}

  tagsFor(text: string | null): string[] {
    return this.current.tagsFor(text);
  }
}

// The write path must not read the rules table for every response: each site's rules are kept
// here. Rules change only through services/tag-rules.ts, which hands the new ones to useTagRules.
const sites = new Map<string, SiteTags>();

/** The site's auto-tag rules; read once, then kept and kept up to date. */
export async function siteMatcher(db: Kysely<Database>, siteId: string): Promise<TagMatcher> {
  let kept = sites.get(siteId);
  if (!kept) {
    const read = new SiteTags(tagMatcher(await listTagRules(db, siteId)));
    // A rule change that committed during the read has put its rules here: they are newer.
    kept = sites.get(siteId) ?? read;
    sites.set(siteId, kept);
  }
  return kept;
}

/** The site's rules as a change just committed them: responses written from now on get these. */
export function useTagRules(siteId: string, rules: ReadonlyArray<{ pattern: string; tag: string }>): void {
  const kept = sites.get(siteId);
  if (kept) kept.current = tagMatcher(rules);
  else sites.set(siteId, new SiteTags(tagMatcher(rules)));
}

async function autoTag(trx: Kysely<Database>, siteId: string, responseId: string, text: string | null, isNew: boolean): Promise<void> {
  const tags = (await siteMatcher(trx, siteId)).tagsFor(text);
  // A new row has no tags to replace: skip the delete unless there is something to write.
  if (!isNew || tags.length > 0) await replaceAutoTags(trx, responseId, tags);
}

/**
 * Inserts a scored response with its analysis columns and auto-tags, in the caller's transaction.
 * The text's analysis and the site's tag rules come ready-made (from `textAnalysis` and
 * `siteMatcher`), so this is only the priority and the writes.
 */
export function insertAnalysed(
  sql: WriteStatements,
  row: NewResponse & { spam_score: number; duplicate_cluster_id: number | null },
  prepared: PreparedText & { duplicateCount: number | null; tags: TagMatcher },
): void {
  if (!enabled) return sql.insertResponse(row);
  const columns = analysisColumns(
    { ...row, text: row.text ?? null, locale: row.locale ?? null, score: row.score ?? null, scale: row.scale ?? null, attributes: row.attributes ?? null },
    prepared.duplicateCount,
    row.received_at,
    // A text whose analysis was left for later (services/analysis-catch-up.ts) or never came
    // (text-analyzer.ts) is stored without one, not analysed here.
    prepared.analysis ?? null,
    prepared.print?.normalized,
  );
  sql.insertResponse({ ...row, ...columns });
  sql.insertAutoTags(row.id, prepared.tags.tagsFor(row.text ?? null));
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
