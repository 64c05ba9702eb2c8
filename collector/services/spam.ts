import type { Clock } from './clock-ids.ts';
import { TokenBuckets } from './token-buckets.ts';

/**
 * Spam and abuse scoring. Every stored response carries the reasons that applied and a score
 * computed from them; nothing is dropped for being spam, it is only flagged for the team.
 *
 * Each reason is a piece of evidence with a weight, the chance it alone means spam, and the
 * score combines them as independent evidence: 1 − Π(1 − weight). A score of 0.5 or more reads
 * as "likely spam": the honeypot or link stuffing reach it alone, the softer signals (a
 * paste can be "too fast", a keen customer can write twice, an office shares one address) need
 * a second one.
 */
export const SPAM_WEIGHTS = {
  /** The hidden form field people never see was filled in. */
  honeypot: 0.95,
  /** Three or more links, or links making up most of the text. */
  links: 0.6,
  /** Sent sooner after the form was shown than anyone could type the text. */
  too_fast: 0.4,
  /** The same sender (client id or IP hash) already sent a near-duplicate of this text. */
  repeated_text: 0.4,
  /** More than BURST.client submissions a minute from one browser. */
  burst_client: 0.3,
  /** More than BURST.ip submissions a minute from one network address. */
  burst_ip: 0.3,
} as const;

export type SpamReason = keyof typeof SPAM_WEIGHTS;

const ORDER = Object.keys(SPAM_WEIGHTS) as SpamReason[];

/** Submissions a minute above which a sender counts as bursting (well under the hard rate limits). */
export const BURST = { client: 5, ip: 20 } as const;

/** Typing floor: a reaction time plus 40 ms a character (25 characters a second is beyond any typist). */
const MIN_MS_BASE = 800;
const MIN_MS_PER_CHAR = 40;

export function spamScore(reasons: readonly SpamReason[]): number {
  const clean = reasons.reduce((p, reason) => p * (1 - SPAM_WEIGHTS[reason]), 1);
  return Math.round((1 - clean) * 100) / 100;
}

/** The union of two reason lists, in a stable order (a flag, once raised, stays). */
export function mergeReasons(a: readonly SpamReason[], b: readonly SpamReason[]): SpamReason[] {
  return ORDER.filter((reason) => a.includes(reason) || b.includes(reason));
}

/** Reads a stored spam_reasons column back, ignoring anything that is not a known reason. */
export function parseReasons(json: string): SpamReason[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? ORDER.filter((reason) => parsed.includes(reason)) : [];
}

const LINK = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+|\[url[=\]]|<a\s[^>]*href/gi;

/** Link stuffing: three links or more, or two that make up over half of the text. */
export function isLinkStuffed(text: string): boolean {
  const links = text.match(LINK) ?? [];
  if (links.length >= 3) return true;
  const linkChars = links.reduce((n, link) => n + link.length, 0);
  return links.length === 2 && linkChars * 2 > text.replace(/\s+/g, '').length;
}

/**
 * Reasons that follow from the submission itself. `shownAt` comes from the browser's clock: a
 * time after the server's receiving time says nothing (the visitor's clock may simply be ahead),
 * so only a non-negative gap shorter than the typing floor counts. `bursting` (what BurstWatch
 * observed of the sender) is added as it is.
 */
export function submissionReasons(input: {
  hp: string | undefined;
  shownAt: number | undefined;
  receivedAt: number;
  text: string | null;
  bursting?: readonly SpamReason[];
}): SpamReason[] {
  const reasons: SpamReason[] = [];
  if (input.hp !== undefined && input.hp.trim() !== '') reasons.push('honeypot');
  if (input.text !== null && isLinkStuffed(input.text)) reasons.push('links');
  if (input.shownAt !== undefined) {
    const elapsed = input.receivedAt - input.shownAt;
    const floor = MIN_MS_BASE + MIN_MS_PER_CHAR * [...(input.text ?? '')].length;
    if (elapsed >= 0 && elapsed < floor) reasons.push('too_fast');
  }
  if (input.bursting) reasons.push(...input.bursting);
  return reasons;
}

/**
 * Counts recent submissions per browser and per hashed address (token buckets at BURST a
 * minute, in memory like the rate limits); an empty bucket means the sender is bursting.
 */
export class BurstWatch {
  readonly #client: TokenBuckets;
  readonly #ip: TokenBuckets;

  constructor(clock: Clock) {
    this.#client = new TokenBuckets(BURST.client, clock);
    this.#ip = new TokenBuckets(BURST.ip, clock);
  }

  observe(siteId: string, clientId: string, ipHash: string | null): SpamReason[] {
    const reasons: SpamReason[] = [];
    if (this.#client.take(`${siteId}:${clientId}`) > 0) reasons.push('burst_client');
    if (ipHash !== null && this.#ip.take(ipHash) > 0) reasons.push('burst_ip');
    return reasons;
  }

  /**
   * Takes back what observe() counted (it returned `observed`) for a request that turned out to
   * be no new submission: a retry of one already stored, or one refused. A widget that retries
   * by design, or a visitor fixing a refused answer, is not sending a burst.
   */
  unobserve(siteId: string, clientId: string, ipHash: string | null, observed: readonly SpamReason[]): void {
    // A take() over the limit spent nothing, so only the ones under it give back.
    if (!observed.includes('burst_client')) this.#client.refund(`${siteId}:${clientId}`);
    if (ipHash !== null && !observed.includes('burst_ip')) this.#ip.refund(ipHash);
  }
}
