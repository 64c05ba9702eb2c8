import { respelling } from './lookup.ts';
import { CONTRAST_CONCESSIVE, CONTRAST_NEXT, DEGREE, DEGREE_PAIR_STARTS, isIrrealisMarker, isNegator } from './rules.ts';
import type { Token } from './segment.ts';
import { isStopWord } from './stop-words.ts';

/** Enough to label a response; the themes service weighs them across the corpus (TF-IDF). */
export const MAX_KEYWORDS = 8;

// Module-level: tsx (esbuild) compiles a \p{…} regex literal to `new RegExp(…)`, which inside a
// function would be built again on every call.
const DIGITS = /^\p{N}+$/u;
const LETTER = /\p{L}/u;

/**
 * Intl.Segmenter ('zh', Node's ICU) cuts many common nouns into single characters ("结账页面" →
 * 结|账|页|面, "客服" → 客|服). Such a run of 2–4 single characters, none of them a function
 * word, is read as one keyword; a longer run is more likely a sentence of particles and names.
 */
const RUN_MIN = 2;
const RUN_MAX = 4;

/**
 * A function word: stop words, negators, degree, contrast and irrealis words ("please", "wish":
 * they ask, and name no topic).
 */
const isFunctionWord = (term: string): boolean =>
  isStopWord(term) || isNegator(term) || DEGREE.has(term) || CONTRAST_NEXT.has(term) || CONTRAST_CONCESSIVE.has(term) ||
  isIrrealisMarker(term);

/**
 * A function word as written or squeezed from an elongation: segment() leaves "sooooo" as "soo",
 * "pleaseee" as "pleasee", and only the lookup's respelling ("so", "please") is the function word.
 */
const isFunctionSpelling = (term: string): boolean => {
  if (isFunctionWord(term)) return true;
  const respelled = respelling(term);
  return respelled !== undefined && isFunctionWord(respelled);
};

/** A contraction: a word, an apostrophe and a clitic ("i'm", "it's", "we've", "you'll"). */
const CONTRACTION = /^([^']+)'(?:s|m|re|ve|ll|d)$/;

/**
 * A function word contracted ("i'm", "that's", "we've"): the stop list spells none of them, and
 * as common as they are in feedback they crowded out its topics and named themes. A noun's
 * possessive ("customer's") still counts.
 */
const isFunctionContraction = (term: string): boolean => {
  // Most words have no apostrophe: no regex for them.
  if (!term.includes("'")) return false;
  const stem = CONTRACTION.exec(term)?.[1];
  return stem !== undefined && isFunctionWord(stem);
};

/**
 * A Chinese word made of function characters only: 我们, 这个, 什么, 还有. The Chinese stop list
 * has single characters, while the segmenter hands these over whole.
 */
const isFunctionCompound = (term: string): boolean => {
  for (const char of term) if (!isFunctionWord(char)) return false;
  return true;
};

/** How many tokens from `i` make a two-word degree phrase ("kind of", "a bit"), or 0. */
function degreePairAt(tokens: readonly Token[], i: number): number {
  const token = tokens[i] as Token;
  const next = tokens[i + 1];
  if (token.kind !== 'word' || next?.kind !== 'word' || !DEGREE_PAIR_STARTS.has(token.text)) return 0;
  return DEGREE.has(`${token.text} ${next.text}`) ? 2 : 0;
}

/** A single Han character that may be part of a noun the segmenter split. */
const joinsRun = (token: Token): boolean => token.kind === 'han' && token.text.length === 1 && !isFunctionWord(token.text);

// A keyword names a thing or a quality: not a function word, a number, a lone Han character
// (almost always a particle or a fragment; runs of them are joined above) or a single Latin letter.
function isCandidate(token: Token): boolean {
  if (token.kind !== 'word' && token.kind !== 'han') return false;
  const term = token.text;
  // Two characters or more (a Han word, a Latin one): asked first, as it is the cheapest question.
  if (term.length < 2) return false;
  if (token.kind === 'word' ? isFunctionSpelling(term) || isFunctionContraction(term) : isFunctionWord(term) || isFunctionCompound(term)) {
    return false;
  }
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

/** Counts one more `term`; whether it had been seen before. */
function count(counts: Map<string, number>, term: string): boolean {
  const seen = counts.get(term) ?? 0;
  counts.set(term, seen + 1);
  return seen > 0;
}

/** The text's own most frequent content terms, ties broken by first appearance. */
export function extractKeywords(tokens: readonly Token[]): string[] {
  const counts = new Map<string, number>();
  let repeats = false;
  let run = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    // "kind of slow", "a bit buggy": the phrase is a degree word, its parts ("kind", "bit") no topic.
    const pair = degreePairAt(tokens, i);
    if (pair > 0) {
      i += pair - 1;
      continue;
    }
    if (joinsRun(token)) {
      run += token.text;
      continue;
    }
    if (run.length >= RUN_MIN && run.length <= RUN_MAX) repeats = count(counts, run) || repeats;
    run = '';
    if (isCandidate(token)) repeats = count(counts, token.text) || repeats;
  }
  if (run.length >= RUN_MIN && run.length <= RUN_MAX) repeats = count(counts, run) || repeats;
  // Map keeps insertion order and sort is stable, so equal counts stay in reading order; when no
  // term repeats (most short texts), that order is the answer and needs no sorting.
  if (!repeats) return firstKeys(counts, MAX_KEYWORDS);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_KEYWORDS)
    .map(([term]) => term);
}
