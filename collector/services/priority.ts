import { normalizeText } from '../../shared/normalize-text.ts';
import { spaceScriptSeams } from './auto-tags.ts';

/** One contribution to a response's priority: a short code and the points it added (or took). */
export interface PriorityReason {
  code: string;
  points: number;
}

export interface PriorityInput {
  score: number | null;
  scale: string | null;
  /** The text's own sentiment (-1 … 1), null without text. Rating and text are combined only here. */
  sentiment: number | null;
  text: string | null;
  /** `text` through normalizeText (shared/normalize-text.ts), when already made (its fingerprint has it). */
  normalizedText?: string;
  /** identify() attributes as stored (JSON text) or already parsed. */
  attributes: string | Record<string, unknown> | null;
  /** Responses in the text's near-duplicate cluster, this one included. */
  duplicateCount: number | null;
  /** 0 … 1 (services/spam.ts). */
  spamScore: number;
  receivedAt: number;
  now: number;
}

export interface Priority {
  priority: number;
  reasons: PriorityReason[];
}

const DAY_MS = 86_400_000;

/**
 * The low end of each rating scale and its points. CES runs 1–7 with 7 = very easy, so low is bad
 * there too; NPS detractors are 0–6 with the angriest (0–3) weighing more.
 */
function lowRating(score: number, scale: string): number {
  switch (scale) {
    case 'nps':
      return score <= 3 ? 35 : score <= 6 ? 25 : 0;
    case 'csat':
    case 'stars':
      return score <= 1 ? 35 : score <= 2 ? 25 : 0;
    case 'ces':
      return score <= 1 ? 35 : score <= 3 ? 25 : 0;
    case 'thumbs':
      return score === 0 ? 25 : 0;
    default:
      return 0;
  }
}

/**
 * Words that mean money, legal trouble or a blocked customer. English terms match as words and
 * their inflections ("refunded", "cancellation", "scammers"), not as the start of any word
 * ("scampi"), right after Chinese characters too ("我要refund"); Chinese ones anywhere, since
 * Chinese has no spaces.
 */
const URGENT_EN = ['refund', 'cancel', 'broken', 'lawyer', 'attorney', 'lawsuit', 'chargeback', 'fraud', 'scam', 'urgent', 'unusable'];
const URGENT_ZH = ['退款', '投诉', '无法', '骗', '退货', '报警', '律师', '起诉', '紧急', '崩溃', '打不开'];
const URGENT_EN_RE = new RegExp(`(?:^| )(${URGENT_EN.join('|')})([a-z]*)`, 'g');
/** Endings that keep an urgency word's meaning, after a doubled last letter ("cancelled", "scammer"). */
const INFLECTION = /^(?:s|es|d|ed|ing|er|ers|ster|sters|ation|ations|able|ulent|ly)?$/;
const URGENT_POINTS = 15;
const URGENT_CAP = 30;

function inflected(word: string, ending: string): boolean {
  return INFLECTION.test(ending[0] === word.at(-1) ? ending.slice(1) : ending) || INFLECTION.test(ending);
}

export function urgentTerms(text: string, normalized = normalizeText(text)): string[] {
  const found = new Set<string>();
  for (const [, word = '', ending = ''] of spaceScriptSeams(normalized).matchAll(URGENT_EN_RE)) {
    if (inflected(word, ending)) found.add(word);
  }
  for (const term of URGENT_ZH) if (normalized.includes(term)) found.add(term);
  return [...found];
}

/**
 * Plan names of paying customers, as words: "Team", "pro_monthly", "BusinessAnnual" (camel case is
 * split first), but not "Steam" or "Professor".
 */
const HIGH_PLANS = /(?<![a-z])(?:enterprise|business|premium|pro|team|scale|vip)s?(?![a-z])|企业|旗舰|高级/i;
const isHighPlan = (plan: string): boolean => HIGH_PLANS.test(plan.replace(/([a-z])([A-Z])/g, '$1 $2'));

function numberAttr(attrs: Record<string, unknown>, keys: string[]): number | undefined {
  for (const [key, value] of Object.entries(attrs)) {
    if (!keys.includes(key.toLowerCase())) continue;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/[,$¥\s]/g, '')) : Number.NaN;
    if (Number.isFinite(n) && n > 0) return n;
  }
  return undefined;
}

/** Plan, monthly value and seats from identify(); at most 20 points, so value never outranks a complaint. */
function customerValue(attrs: Record<string, unknown>): PriorityReason[] {
  const reasons: PriorityReason[] = [];
  const plan = Object.entries(attrs).find(([key]) => ['plan', 'tier', 'subscription'].includes(key.toLowerCase()))?.[1];
  if (typeof plan === 'string' && isHighPlan(plan)) reasons.push({ code: 'plan', points: 10 });
  const arr = numberAttr(attrs, ['arr']);
  const monthly = numberAttr(attrs, ['mrr', 'revenue', 'monthly_revenue']) ?? (arr === undefined ? undefined : arr / 12);
  const lifetime = numberAttr(attrs, ['ltv', 'lifetime_value']);
  // Logarithmic: 100/month is worth 5 points, 1,000 is 10, 10,000 is 15.
  const money = monthly ?? (lifetime === undefined ? undefined : lifetime / 24);
  if (money !== undefined && money >= 10) reasons.push({ code: 'revenue', points: Math.min(15, Math.round(5 * Math.log10(money / 10))) });
  const seats = numberAttr(attrs, ['seats', 'users', 'licenses']);
  if (seats !== undefined && seats >= 10) reasons.push({ code: 'seats', points: seats >= 100 ? 10 : 5 });
  let left = 20;
  return reasons
    .map((r) => {
      const points = Math.min(r.points, left);
      left -= points;
      return { ...r, points };
    })
    .filter((r) => r.points > 0);
}

function parseAttributes(attributes: PriorityInput['attributes']): Record<string, unknown> {
  if (attributes === null) return {};
  if (typeof attributes !== 'string') return attributes;
  try {
    const parsed: unknown = JSON.parse(attributes);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// Not a closure made per call: the collector runs through tsx, which names every closure it
// makes (esbuild's keepNames), at a cost larger than the rest of this function.
function addReason(reasons: PriorityReason[], code: string, points: number): void {
  if (points !== 0) reasons.push({ code, points });
}

/**
 * Priority 0–100: how soon a person should read this response. A sum of independent reasons,
 * clamped; each reason is kept so the number can be explained. Recency only counts in the first
 * week, so a backfill run later ranks old responses below fresh ones with the same content.
 */
export function priorityOf(input: PriorityInput): Priority {
  const reasons: PriorityReason[] = [];
  if (input.score !== null && input.scale !== null) addReason(reasons, 'low_rating', lowRating(input.score, input.scale));
  if (input.sentiment !== null && input.sentiment < -0.1) addReason(reasons, 'negative_text', Math.round(-input.sentiment * 25));
  if (input.text) {
    let left = URGENT_CAP;
    for (const term of urgentTerms(input.text, input.normalizedText)) {
      const points = Math.min(URGENT_POINTS, left);
      left -= points;
      addReason(reasons, `urgent:${term}`, points);
    }
  }
  reasons.push(...customerValue(parseAttributes(input.attributes)));
  if (input.duplicateCount !== null && input.duplicateCount >= 2) {
    addReason(reasons, 'duplicates', Math.min(15, Math.round(5 * Math.log2(input.duplicateCount))));
  }
  const ageDays = Math.max(0, input.now - input.receivedAt) / DAY_MS;
  addReason(reasons, 'recent', Math.round(5 * Math.max(0, 1 - ageDays / 7)));
  // Likely spam (0.5 and up) loses at least 40: it sinks below any genuine complaint.
  addReason(reasons, 'spam', -Math.round(input.spamScore * 80));
  const total = reasons.reduce((sum, r) => sum + r.points, 0);
  return { priority: Math.max(0, Math.min(100, Math.round(total))), reasons };
}
