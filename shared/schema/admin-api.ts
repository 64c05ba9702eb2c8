import * as v from 'valibot';

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
