import { CONTRAST_CONCESSIVE, CONTRAST_NEXT, DEGREE, isNegator } from './rules.ts';
import type { Token } from './segment.ts';
import { isStopWord } from './stop-words.ts';

/** Enough to label a response; the themes service weighs them across the corpus (TF-IDF). */
export const MAX_KEYWORDS = 8;

// Module-level: tsx (esbuild) compiles a \p{…} regex literal to `new RegExp(…)`, which inside a
// function would be built again on every call.
const DIGITS = /^\p{N}+$/u;
const LETTER = /\p{L}/u;

// A keyword names a thing or a quality: not a function word, a number, a lone Han character
// (almost always a particle or a fragment) or a single Latin letter.
function isCandidate(token: Token): boolean {
  if (token.kind !== 'word' && token.kind !== 'han') return false;
  const term = token.text;
  // Two characters or more (a Han word, a Latin one): asked first, as it is the cheapest question.
  if (term.length < 2) return false;
  if (isStopWord(term) || isNegator(term) || DEGREE.has(term)) return false;
  if (CONTRAST_NEXT.has(term) || CONTRAST_CONCESSIVE.has(term)) return false;
  // Most words start with a lower-case ASCII letter (tokens are lower-cased): no regex needed.
  const first = term.charCodeAt(0);
  const asciiLetter = first >= 0x61 && first <= 0x7a;
  if (!asciiLetter && DIGITS.test(term)) return false;
  return token.kind === 'han' || asciiLetter || LETTER.test(term);
}

function firstKeys(map: ReadonlyMap<string, number>, n: number): string[] {
  const keys: string[] = [];
  for (const key of map.keys()) {
    if (keys.length === n) break;
    keys.push(key);
  }
  return keys;
}

/** The text's own most frequent content terms, ties broken by first appearance. */
export function extractKeywords(tokens: readonly Token[]): string[] {
  const counts = new Map<string, number>();
  let repeats = false;
  for (const token of tokens) {
    if (!isCandidate(token)) continue;
    const count = (counts.get(token.text) ?? 0) + 1;
    if (count > 1) repeats = true;
    counts.set(token.text, count);
  }
  // Map keeps insertion order and sort is stable, so equal counts stay in reading order; when no
  // term repeats (most short texts), that order is the answer and needs no sorting.
  if (!repeats) return firstKeys(counts, MAX_KEYWORDS);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_KEYWORDS)
    .map(([term]) => term);
}
