/**
 * NPS, CSAT and CES with 95% confidence intervals, from a histogram of scores (score → count).
 * Reports aggregate counts in SQL and never hold individual answers, so every formula here works
 * on counts; all of them are the textbook ones, spelt out so a reader can check them by hand.
 */

/** Two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

export interface Interval {
  n: number;
  value: number | null;
  low: number | null;
  high: number | null;
}

export type Histogram = ReadonlyMap<number, number>;

const EMPTY: Interval = { n: 0, value: null, low: null, high: null };

function total(h: Histogram): number {
  let n = 0;
  for (const c of h.values()) n += c;
  return n;
}

function count(h: Histogram, keep: (score: number) => boolean): number {
  let n = 0;
  for (const [score, c] of h) if (keep(score)) n += c;
  return n;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * NPS = 100 × (p − d), with p the share of promoters (9–10) and d of detractors (0–6).
 * Each answer is a variable X = +1 (promoter), 0 (passive), −1 (detractor): a trinomial whose
 * mean is p − d and whose variance is E[X²] − E[X]² = (p + d) − (p − d)². The standard error of
 * the mean of n answers is √(var / n), so the 95% interval is NPS ± 1.96 × 100 × √(var / n),
 * clipped to the scale's −100…100.
 */
export function npsInterval(h: Histogram): Interval {
  const n = total(h);
  if (n === 0) return EMPTY;
  const p = count(h, (s) => s >= 9) / n;
  const d = count(h, (s) => s <= 6) / n;
  const nps = 100 * (p - d);
  const variance = p + d - (p - d) ** 2;
  const half = Z95 * 100 * Math.sqrt(variance / n);
  return { n, value: nps, low: clamp(nps - half, -100, 100), high: clamp(nps + half, -100, 100) };
}

/**
 * Wilson score interval for a proportion k / n (as percentages). Unlike p ± 1.96√(p(1−p)/n) it
 * stays inside 0…100 and does not collapse to a zero width at 0% or 100%, which matters for the
 * small samples a filtered dashboard shows:
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) × √(p(1−p)/n + z²/4n²).
 */
export function wilson(k: number, n: number): Interval {
  if (n === 0) return EMPTY;
  const p = k / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { n, value: 100 * p, low: 100 * Math.max(0, centre - half), high: 100 * Math.min(1, centre + half) };
}

/** CSAT = share of satisfied answers (4 or 5 on 1–5), as a percentage, with Wilson's interval. */
export function csatInterval(h: Histogram): Interval {
  return wilson(count(h, (s) => s >= 4), total(h));
}

// Student's t, two-sided 95% (the 0.975 quantile), for 1–30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t₀.₉₇₅ with `df` degrees of freedom: the table up to 30, then the Cornish–Fisher expansion (error < 0.001). */
export function t975(df: number): number {
  if (df <= 30) return T975[Math.max(1, df) - 1]!;
  const z = Z95;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/**
 * CES = mean score on 1–7 (7 = very easy). The interval is mean ± t × s / √n with s the sample
 * standard deviation (n − 1 in the denominator) and t Student's quantile for n − 1 degrees of
 * freedom, which becomes the normal 1.96 for large n. With one answer there is no spread to
 * estimate, so no interval. Clipped to 1…7.
 */
export function meanInterval(h: Histogram, min = 1, max = 7): Interval {
  const n = total(h);
  if (n === 0) return EMPTY;
  let sum = 0;
  for (const [s, c] of h) sum += s * c;
  const mean = sum / n;
  if (n === 1) return { n, value: mean, low: null, high: null };
  let squares = 0;
  for (const [s, c] of h) squares += c * (s - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const half = t975(n - 1) * (sd / Math.sqrt(n));
  return { n, value: mean, low: clamp(mean - half, min, max), high: clamp(mean + half, min, max) };
}

/** Whether two intervals overlap; null when either has none. */
export function overlaps(a: Interval, b: Interval): boolean | null {
  if (a.low === null || a.high === null || b.low === null || b.high === null) return null;
  return a.low <= b.high && b.low <= a.high;
}
