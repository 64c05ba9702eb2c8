import type { ResponseItem } from '../../shared/schema/admin-api.ts';
import type { ListedResponse } from '../store/responses.ts';
import type { TagsByResponse } from '../store/tags.ts';
import { parseReasons } from './spam.ts';

/** A JSON array column; a damaged value reads as empty rather than failing the whole page. */
function jsonArray<T>(json: string | null): T[] {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

/** A stored response (with its cluster's size) as the admin API shows it: one mapping for every list. */
export function toResponseItem(r: ListedResponse, tags: TagsByResponse): ResponseItem {
  return {
    id: r.id,
    siteId: r.site_id,
    channel: r.channel,
    kind: r.kind,
    category: r.category,
    text: r.text,
    email: r.email,
    score: r.score,
    scale: r.scale,
    pageUrl: r.page_url,
    pageTitle: r.page_title,
    locale: r.locale,
    device: r.device,
    browser: r.browser,
    os: r.os,
    receivedAt: r.received_at,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    answers: r.answers ? (JSON.parse(r.answers) as ResponseItem['answers']) : null,
    finished: r.finished === null ? null : r.finished === 1,
    userId: r.user_id,
    spamScore: r.spam_score,
    spamReasons: parseReasons(r.spam_reasons),
    // A cluster whose copies have all changed their text holds one response: no copy any more.
    duplicateClusterId: (r.duplicate_count ?? 0) >= 2 ? r.duplicate_cluster_id : null,
    duplicateCount: (r.duplicate_count ?? 0) >= 2 ? r.duplicate_count : null,
    sentiment: r.sentiment,
    sentimentLabel: r.sentiment_label,
    language: r.language,
    keywords: jsonArray<string>(r.keywords),
    priority: r.priority,
    priorityReasons: jsonArray<ResponseItem['priorityReasons'][number]>(r.priority_reasons),
    tags: tags.get(r.id) ?? [],
  };
}
