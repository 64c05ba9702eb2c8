import type { Kysely } from 'kysely';
import type { ThemeItem } from '../../shared/schema/admin-api.ts';
import type { Database } from '../store/database.ts';
import { keywordRows } from '../store/reports.ts';
import { keywordCorpus } from '../store/response-analysis.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** The corpus that decides how common a keyword is on this site (the IDF side). */
const CORPUS_DAYS = 90;
const CORPUS_MAX = 20_000;
/** A response belongs to the themes of its few strongest keywords only. */
const TOP_PER_RESPONSE = 3;
const MAX_THEMES = 20;
const MIN_MEMBERS = 2;

export interface ThemeDoc {
  id: string;
  receivedAt: number;
  keywords: string[];
}

function parseKeywords(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** A stored response's keyword list as a theme document; a damaged list reads as empty. */
export function themeDoc(row: { id: string; received_at: number; keywords: string }): ThemeDoc {
  return { id: row.id, receivedAt: row.received_at, keywords: parseKeywords(row.keywords) };
}

function trendOf(thisWeek: number, lastWeek: number): ThemeItem['trend'] {
  if (lastWeek === 0) return thisWeek > 0 ? 'new' : 'flat';
  const ratio = thisWeek / lastWeek;
  return ratio >= 1.25 ? 'up' : ratio <= 0.8 ? 'down' : 'flat';
}

/**
 * Themes over the last `windowDays`: each response's keywords are weighted TF-IDF against the
 * whole corpus (a word every response uses, like the product's name, says nothing), the response
 * keeps its three strongest that some other recent response also has, and responses sharing a
 * top keyword form a theme — largest first, each response in one theme only, so counts add up.
 *
 * `before` are responses from before the window, read only so that a window shorter than two
 * weeks still has a last week to compare with: those of the week before this one get their top
 * keywords the same way (same weights) and count in `lastWeek` of the first theme (in the order
 * themes are formed) holding one of them, as they would had they been inside the window. They do
 * not shape the themes, their keywords' weights or `count`.
 *
 * `span` is how much of each week is counted: `thisWeek` the last `span` before `now`, `lastWeek`
 * the same stretch a week earlier. It is shorter than a week when the newest texts read no
 * longer reach a week back (see comparedSpan), so the two counts always cover as long a time.
 */
export function buildThemes(
  corpus: readonly ThemeDoc[],
  now: number,
  windowDays = 28,
  before: readonly ThemeDoc[] = [],
  span = WEEK_MS,
): ThemeItem[] {
  const lastWeekEnd = now - WEEK_MS;
  const inLastWeek = (d: ThemeDoc) => d.receivedAt <= lastWeekEnd && d.receivedAt > lastWeekEnd - span;
  const df = new Map<string, number>();
  for (const doc of corpus) for (const k of new Set(doc.keywords)) df.set(k, (df.get(k) ?? 0) + 1);
  const n = corpus.length;
  // Unsmoothed: a keyword in every response of the corpus weighs nothing and names no theme.
  const idf = (k: string) => Math.log(n / (df.get(k) ?? n));

  const since = now - windowDays * DAY_MS;
  const recent = corpus.filter((d) => d.receivedAt >= since && d.receivedAt <= now && d.keywords.length > 0);
  // A keyword no other recent response has cannot make a theme, so it may not crowd out one that can.
  const shared = new Map<string, number>();
  for (const doc of recent) for (const k of new Set(doc.keywords)) shared.set(k, (shared.get(k) ?? 0) + 1);
  const topOf = (doc: ThemeDoc) => {
    // Keywords come most frequent first; a later one is a weaker term frequency.
    const scored = doc.keywords
      .map((k, rank) => ({ k, w: idf(k) / (1 + 0.3 * rank) }))
      .filter((s) => s.w > 0 && (shared.get(s.k) ?? 0) >= MIN_MEMBERS);
    scored.sort((a, b) => b.w - a.w);
    return scored.slice(0, TOP_PER_RESPONSE);
  };
  const weight = new Map<string, number>();
  const reach = new Map<string, number>();
  const tops = new Map<string, string[]>();
  for (const doc of recent) {
    const top = topOf(doc);
    tops.set(doc.id, top.map((s) => s.k));
    for (const { k, w } of top) {
      weight.set(k, (weight.get(k) ?? 0) + w);
      reach.set(k, (reach.get(k) ?? 0) + 1);
    }
  }

  // Last week's responses the window does not hold.
  const inWindow = new Set(recent.map((d) => d.id));
  const earlier = before.filter((d) => inLastWeek(d) && d.keywords.length > 0 && !inWindow.has(d.id));
  const earlierTops = new Map(earlier.map((d) => [d.id, topOf(d).map((s) => s.k)]));

  const assigned = new Set<string>();
  const themes: ThemeItem[] = [];
  const byNewest = [...recent].sort((a, b) => b.receivedAt - a.receivedAt);
  // Each keyword's holders, newest first, built once: scanning every response for every keyword
  // took seconds of the event loop on a large site whose few big themes leave many small ones empty.
  const holders = new Map<string, ThemeDoc[]>();
  for (const doc of byNewest) {
    for (const k of new Set(tops.get(doc.id))) {
      const list = holders.get(k);
      if (list) list.push(doc);
      else holders.set(k, [doc]);
    }
  }
  // Largest themes first (most responses holding the keyword among their top ones), then the
  // stronger TF-IDF weight.
  const order = [...weight].sort((a, b) => (reach.get(b[0]) ?? 0) - (reach.get(a[0]) ?? 0) || b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [keyword] of order) {
    if (themes.length >= MAX_THEMES) break;
    const members = (holders.get(keyword) ?? []).filter((d) => !assigned.has(d.id));
    if (members.length < MIN_MEMBERS) continue;
    for (const m of members) assigned.add(m.id);
    const together = new Map<string, number>();
    for (const m of members) for (const k of tops.get(m.id) ?? []) if (k !== keyword) together.set(k, (together.get(k) ?? 0) + 1);
    const companions = [...together].filter(([, c]) => c >= MIN_MEMBERS).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k]) => k);
    const thisWeek = members.filter((m) => m.receivedAt > now - span).length;
    const earlierMembers = earlier.filter((d) => !assigned.has(d.id) && earlierTops.get(d.id)?.includes(keyword));
    for (const m of earlierMembers) assigned.add(m.id);
    const lastWeek = members.filter(inLastWeek).length + earlierMembers.length;
    themes.push({
      keywords: [keyword, ...companions],
      count: members.length,
      thisWeek,
      lastWeek,
      trend: trendOf(thisWeek, lastWeek),
      sampleIds: members.slice(0, 5).map((m) => m.id),
    });
  }
  return themes.sort((a, b) => b.count - a.count);
}

/**
 * How much of the week ending at `end` a read of the newest `limit` texts before it covers: all of
 * it, unless the read stopped at `limit` less than a week back. On a busy site the newest texts
 * cover hours, not weeks; counting those hours against the whole week before would call every
 * theme `new` or `up`.
 */
function comparedSpan(newestFirst: ReadonlyArray<{ received_at: number }>, limit: number, end: number): number {
  const oldest = newestFirst.at(-1);
  return newestFirst.length < limit || !oldest ? WEEK_MS : Math.max(0, Math.min(WEEK_MS, end - oldest.received_at));
}

type KeywordRow = { id: string; received_at: number; keywords: string };

/**
 * How the weeks ending at `end` are compared, for a corpus (`rows`, the newest `limit` texts,
 * reaching back to `covered`): the span counted of each week (comparedSpan), and last week's texts
 * in that span that the corpus leaves out, read by `readEarlier(from, to)` for `lastWeek` alone
 * (they shape no theme). The span narrows again if that read is cut short at `limit` too.
 */
export async function comparedWeeks(
  rows: readonly KeywordRow[],
  limit: number,
  end: number,
  covered: number,
  readEarlier: (from: number, to: number) => Promise<KeywordRow[]>,
): Promise<{ span: number; before: ThemeDoc[] }> {
  const span = comparedSpan(rows, limit, end);
  const from = end - WEEK_MS - span;
  const to = Math.min(covered, end - WEEK_MS + 1);
  if (from >= to) return { span, before: [] };
  const earlier = await readEarlier(from, to);
  return { span: Math.min(span, comparedSpan(earlier, limit, end - WEEK_MS)), before: earlier.map(themeDoc) };
}

export async function siteThemes(db: Kysely<Database>, siteId: string, now: number): Promise<ThemeItem[]> {
  const rows = await keywordCorpus(db, siteId, { since: now - CORPUS_DAYS * DAY_MS, limit: CORPUS_MAX });
  // A corpus cut short at CORPUS_MAX reaches back to its oldest text; otherwise all CORPUS_DAYS.
  const covered = rows.length === CORPUS_MAX ? rows.at(-1)!.received_at + 1 : now - CORPUS_DAYS * DAY_MS;
  const { span, before } = await comparedWeeks(rows, CORPUS_MAX, now, covered, (from, to) => keywordRows(db, { siteId, from, to }, CORPUS_MAX));
  return buildThemes(rows.map(themeDoc), now, 28, before, span);
}
