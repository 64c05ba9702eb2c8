import * as v from 'valibot';
import { holdsLetterOrDigit, normalizeText } from '../normalize-text.ts';

/** Bodies and answers of the admin JSON API under /admin/api. */

export const LoginBodySchema = v.strictObject({
  email: v.pipe(v.string(), v.trim(), v.minLength(1, 'enter your email'), v.maxLength(254)),
  password: v.pipe(v.string(), v.minLength(1, 'enter your password'), v.maxLength(1024)),
});

export const ROLES = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionInfo {
  user: { id: string; email: string; role: Role };
  /** Send back as the X-CSRF-Token header on every state-changing request. */
  csrfToken: string;
}

export interface ResponseItem {
  id: string;
  siteId: string;
  channel: string;
  kind: string;
  category: string | null;
  text: string | null;
  email: string | null;
  score: number | null;
  scale: string | null;
  pageUrl: string | null;
  pageTitle: string | null;
  locale: string | null;
  device: string;
  browser: string;
  os: string;
  receivedAt: number;
  surveyId: string | null;
  surveyVersion: number | null;
  answers: Record<string, number | string | string[]> | null;
  finished: boolean | null;
  userId: string | null;
  /** In [0, 1]; 0.5 or more reads as likely spam. Spam is kept and flagged, never dropped. */
  spamScore: number;
  /** Why: honeypot, links, too_fast, repeated_text, burst_client, burst_ip. */
  spamReasons: string[];
  /** The near-duplicate cluster of the text (null when too short to compare) and its size. */
  duplicateClusterId: number | null;
  duplicateCount: number | null;
  /** The text's own sentiment, -1 … 1 (never mixed with the rating); null without text. */
  sentiment: number | null;
  sentimentLabel: 'pos' | 'neu' | 'neg' | null;
  language: string | null;
  keywords: string[];
  /** 0 … 100: how soon someone should read this; reasons say why, e.g. { code: 'low_rating', points: 25 }. */
  priority: number;
  priorityReasons: Array<{ code: string; points: number }>;
  /** Rule-made ('auto') and hand-made ('manual') tags. */
  tags: Array<{ tag: string; source: 'auto' | 'manual' }>;
}

/**
 * Control, line-separator and invisible format characters (zero-width spaces, bidi overrides) in a
 * tag would show as nothing, or turn the text around it, wherever the tag is listed; the zero-width
 * joiner stays allowed, emoji sequences need it.
 */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Zl}\p{Zp}]|(?!\u200d)\p{Cf}/u;
const Tag = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'enter a tag'),
  v.maxLength(64),
  v.check((tag) => !HIDDEN_CHARACTER.test(tag), 'tags are plain text: no control or invisible characters'),
);

export const TagRuleBodySchema = v.strictObject({
  /**
   * A keyword or phrase in English or Chinese, matched on the normalised text. Normalising drops
   * punctuation, symbols and emoji, so a pattern of only those would be stored and never match.
   */
  pattern: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'enter a keyword or phrase'),
    v.maxLength(200),
    v.check((pattern) => holdsLetterOrDigit(normalizeText(pattern)), 'must contain letters, digits or Chinese characters; punctuation, symbols and emoji alone never match'),
  ),
  tag: Tag,
});

export const TagBodySchema = v.strictObject({ tag: Tag });

export interface TagRuleItem {
  id: string;
  pattern: string;
  tag: string;
  createdAt: number;
}

/**
 * Re-applying a site's tag rules to the responses it already has, after a rule was added or
 * removed. It runs in the background; `GET …/tag-rules/reapply` reports it.
 */
export interface TagReapplyStatus {
  /** 'running' while old responses are re-tagged; 'idle' once all of them follow the rules. */
  state: 'idle' | 'running';
  /** Responses checked so far in the current (or last) run, of `total`. */
  done: number;
  /** The site's responses when the run started. */
  total: number;
  /** Responses whose auto-tags changed in that run. */
  changed: number;
  /** When the current or last run started and finished (ms since epoch); null before the first. */
  startedAt: number | null;
  finishedAt: number | null;
}

/** `GET /admin/api/sites/:siteId/tag-rules`. */
export interface TagRuleList {
  items: TagRuleItem[];
  reapply: TagReapplyStatus;
}

/** `POST /admin/api/sites/:siteId/tag-rules` (201): the rule, and the re-application it started. */
export type TagRuleCreated = TagRuleItem & { reapply: TagReapplyStatus };

export interface ThemeItem {
  /** The theme's top keyword, then the ones its responses share most. */
  keywords: string[];
  count: number;
  thisWeek: number;
  lastWeek: number;
  trend: 'up' | 'down' | 'flat' | 'new';
  /** A few of its most recent responses. */
  sampleIds: string[];
}

export interface ResponseList {
  items: ResponseItem[];
  nextCursor?: string;
}

export interface SiteItem {
  id: string;
  name: string;
  publicKey: string;
  allowedOrigins: string[];
  snippet: string;
}

export const ListQuerySchema = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer('must be a whole number'), v.minValue(1), v.maxValue(200)),
    '50',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

export const CSRF_HEADER = 'x-csrf-token';
