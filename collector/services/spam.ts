import { makeRoom } from './bounded-keys.ts';
import type { Clock } from './clock-ids.ts';

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
  /** Three or more different links, or links making up most of the text (see isLinkStuffed). */
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

/**
 * Undoes the cheap disguises spammers put on links, so each still counts as one: full-width
 * letters and dots (ｅｘａｍｐｌｅ．ｃｏｍ, folded by NFKC), "hxxp://", "h**p://" and
 * "hxxps[:]//", "example[.]com" and "example(dot)com", and an ideographic full stop between two
 * ASCII letters or digits ("example。com"; between Chinese characters it ends a sentence).
 */
function unmask(text: string): string {
  // NFKC is the costly step, and plain ASCII text has nothing for it to fold.
  const folded = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKC');
  return folded
    .replace(/\s?[[({]\s*(?:\.|dot)\s*[\])}]\s?/gi, '.')
    .replace(/[[({]:[\])}]/g, ':')
    .replace(/h(?:xx|\*\*)p(s?):\/\//gi, 'http$1://')
    .replace(/(?<=[a-z0-9])\u3002(?=[a-z0-9])/gi, '.');
}

// A link ends at white space, at anything outside ASCII (Chinese text runs on without spaces:
// 看这里https://a.example买…), at brackets (markdown's [text](url)), and where the next one starts
// (https://a.example,https://b.example) — unless that one is a parameter or path of this one
// (https://shop.example/login?next=https://shop.example/cart is one link).
const URL_TAIL = String.raw`(?:(?!(?<![=/?&#:])https?:\/\/)[^\s<>"'()[\]{}\u0080-\uffff])`;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/**
 * Top-level domains a bare domain ("pills.com", with no http:// or www.) is recognised by: the
 * common ones and those spam favours, plus punycode. Left out on purpose are those that read as
 * words or file types after a missing space or in a file name ("it", "in", "me", "to", "js",
 * "md", "py"), so "Node.js", "index.html", "3.14" or "v2.0" are no links. A two-letter one
 * followed by a path counts too: that is how shortened links look (bit.ly/…, t.co/…, t.cn/…).
 */
const TLD =
  'com|net|org|info|biz|io|co|ai|app|dev|xyz|top|icu|club|vip|online|site|website|store|shop|live|' +
  'cc|tk|ml|ga|cf|gq|pw|ws|su|ru|ua|kz|cn|hk|tw|jp|kr|vn|uk|de|fr|nl|eu|br|au|ca|tv|fm|ly|gl|gd|gg|' +
  'cam|buzz|loan|bid|mobi|asia|xn--[a-z0-9-]{1,59}';
const LINK = new RegExp(
  [
    String.raw`https?:\/\/${URL_TAIL}+`,
    String.raw`(?<![\w.@/-])www\d{0,3}\.${URL_TAIL}+`,
    String.raw`(?<![\w.@/-])(?:${LABEL}\.)+(?:(?:${TLD})(?![\w-])(?::\d{1,5})?(?:\/${URL_TAIL}*)?|[a-z]{2}\/${URL_TAIL}+)`,
    String.raw`\[url[=\]]|<a\s[^>]{0,200}href`,
  ].join('|'),
  'gi',
);

/**
 * Two sentences typed without a space between them ("It crashed.Site is down") look like a bare
 * domain; a capitalised word after the dot says they are sentences (spam writes domains in lower
 * or upper case).
 */
function joinedSentences(link: string): boolean {
  if (/^(?:https?:|www\d{0,3}\.|\[|<)/i.test(link)) return false;
  const host = link.split(/[/:]/, 1)[0]!;
  return /^[A-Z][a-z]/.test(host.slice(host.lastIndexOf('.') + 1));
}

/** What a link points at, so the same one written twice ([url](url), or a repeat) counts once. */
function linkTarget(link: string, index: number): string {
  // Markup ([url], <a href>) carries no target of its own: each one counts.
  if (/^(?:\[|<)/.test(link)) return `markup ${index}`;
  return link.toLowerCase().replace(/^https?:\/\/(?:www\d{0,3}\.)?|^www\d{0,3}\./, '').replace(/[./,;:!?]+$/, '');
}

/**
 * Link stuffing: three different links or more, or links making up over half of the text when
 * there are two different ones or three in all. One link, however long (a customer pasting the
 * address of the broken page, perhaps twice as a markdown link), is never stuffing.
 */
export function isLinkStuffed(text: string): boolean {
  const unmasked = unmask(text);
  const links = (unmasked.match(LINK) ?? []).filter((link) => !joinedSentences(link));
  if (links.length < 2) return false;
  const targets = new Set(links.map(linkTarget)).size;
  if (targets >= 3) return true;
  const linkChars = links.reduce((n, link) => n + link.length, 0);
  return (targets >= 2 || links.length >= 3) && linkChars * 2 > unmasked.replace(/\s+/g, '').length;
}

/**
 * Reasons that follow from the submission itself. `shownAt` comes from the browser's clock: a
 * time after the server's receiving time says nothing (the visitor's clock may simply be ahead),
 * so only a non-negative gap shorter than the typing floor counts; the floor is set by `typed`,
 * the text this submission brought (by default all of `text`, which the link check reads).
 * `bursting` (what BurstWatch observed of the sender) is added as it is.
 */
export function submissionReasons(input: {
  hp: string | undefined;
  shownAt: number | undefined;
  receivedAt: number;
  text: string | null;
  typed?: string | null;
  bursting?: readonly SpamReason[];
}): SpamReason[] {
  const reasons: SpamReason[] = [];
  if (input.hp !== undefined && input.hp.trim() !== '') reasons.push('honeypot');
  if (input.text !== null && isLinkStuffed(input.text)) reasons.push('links');
  if (input.shownAt !== undefined) {
    const elapsed = input.receivedAt - input.shownAt;
    const floor = MIN_MS_BASE + MIN_MS_PER_CHAR * [...((input.typed === undefined ? input.text : input.typed) ?? '')].length;
    if (elapsed >= 0 && elapsed < floor) reasons.push('too_fast');
  }
  if (input.bursting) reasons.push(...input.bursting);
  return reasons;
}

const MINUTE = 60_000;

/**
 * The times of each key's submissions in the last minute, up to `limit` of them, in memory like
 * the rate limits. A sliding window, not a token bucket: a bucket earns a submission back every
 * 60/limit seconds, so a sender spacing theirs a little would never be seen sending more than
 * `limit` a minute.
 */
class MinuteWindow {
  readonly #times = new Map<string, number[]>();
  readonly #limit: number;
  readonly #clock: Clock;
  readonly #maxKeys: number;

  constructor(limit: number, clock: Clock, maxKeys = 100_000) {
    this.#limit = limit;
    this.#clock = clock;
    this.#maxKeys = maxKeys;
  }

  /** Counts a submission; false, counting nothing, when the key already has `limit` in the last minute. */
  add(key: string): boolean {
    const now = this.#clock.now();
    let times = this.#times.get(key);
    if (!times) {
      // Keys with nothing in the last minute are the same as no key.
      if (this.#times.size >= this.#maxKeys) makeRoom(this.#times, this.#maxKeys, (t) => t.length === 0 || t.at(-1)! <= now - MINUTE);
      this.#times.set(key, (times = []));
    }
    while (times.length > 0 && times[0]! <= now - MINUTE) times.shift();
    if (times.length >= this.#limit) return false;
    times.push(now);
    return true;
  }

  /** Takes back the latest submission add() counted. */
  remove(key: string): void {
    this.#times.get(key)?.pop();
  }
}

/**
 * Counts recent submissions per browser and per hashed address; more than BURST of them in the
 * last minute means the sender is bursting.
 */
export class BurstWatch {
  readonly #client: MinuteWindow;
  readonly #ip: MinuteWindow;

  constructor(clock: Clock) {
    this.#client = new MinuteWindow(BURST.client, clock);
    this.#ip = new MinuteWindow(BURST.ip, clock);
  }

  observe(siteId: string, clientId: string, ipKey: string | null): SpamReason[] {
    const reasons: SpamReason[] = [];
    if (!this.#client.add(`${siteId}:${clientId}`)) reasons.push('burst_client');
    if (ipKey !== null && !this.#ip.add(ipKey)) reasons.push('burst_ip');
    return reasons;
  }

  /**
   * Takes back what observe() counted (it returned `observed`) for a request that turned out to
   * be no new submission: a retry of one already stored, or one refused. A widget that retries
   * by design, or a visitor fixing a refused answer, is not sending a burst.
   */
  unobserve(siteId: string, clientId: string, ipKey: string | null, observed: readonly SpamReason[]): void {
    // A submission found bursting was not counted, so only the others are taken back.
    if (!observed.includes('burst_client')) this.#client.remove(`${siteId}:${clientId}`);
    if (ipKey !== null && !observed.includes('burst_ip')) this.#ip.remove(ipKey);
  }
}
