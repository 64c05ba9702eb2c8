import { emojiValence, EMOTICON_VALENCE } from './emoji.ts';
import { AFINN_PHRASE_STARTS, AFINN_PHRASES, AFINN_WORDS, PATTERN_WORDS, VADER_WORDS } from './lexicon-en.ts';
import { HOWNET_PREFIXES, HOWNET_WORDS } from './lexicon-zh.ts';
import { hasRun, type Token } from './segment.ts';
import { mayHold, stringFilter } from './string-filter.ts';

// Finds what the lexicons say about the token at a position, including entries that span
// several tokens (AFINN phrases, HowNet idioms the segmenter splits).

export const LEXICONS = ['afinn', 'vader', 'pattern', 'hownet', 'emoji'] as const;
export type Lexicon = (typeof LEXICONS)[number];
/** What each lexicon that knows the term says of it, in [-1, 1]. */
export type Valence = Partial<Record<Lexicon, number>>;
export interface Found {
  term: string;
  valence: Valence;
  /** How many tokens the entry spans. */
  length: number;
}

/** Whether any lexicon rates the term: asked of most tokens, so it stops at the first key instead of listing them. */
export function hasOpinion(valence: Valence): boolean {
  for (const _ in valence) return true;
  return false;
}

// Module-level: tsx (esbuild) compiles a \p{…} regex literal to `new RegExp(…)`, which inside a
// function would be built again on every call.
const DOUBLED_LETTER = /(\p{L})\1/gu;
const ENDS_DOUBLED = /(\p{L})\1$/u;

/** "soooo" was squeezed to "soo" by segment(); the lexicons may know "so". */
export function spellings(word: string): string[] {
  const single = respelling(word);
  return single === undefined ? [word] : [word, single];
}

/** The second of spellings(word), if any, without making the list. */
export function respelling(word: string): string | undefined {
  if (!hasRun(word, 2)) return undefined;
  const single = word.replace(DOUBLED_LETTER, '$1');
  return single === word ? undefined : single;
}

/**
 * What the lexicons say of single words, remembered: feedback repeats its vocabulary, and an
 * unknown word costs a dozen map lookups for its spellings and base forms. Only words that start
 * no AFINN phrase (whose answer depends on the words after them). Bounded; when full it starts
 * afresh, which costs one lookup per word again, not correctness.
 */
const wordCache = new Map<string, Found>();
const WORD_CACHE_SIZE = 50_000;

function lookupWord(tokens: readonly Token[], i: number, word: string): Found {
  const longest = AFINN_PHRASE_STARTS.get(word);
  if (longest === undefined) return lookupCached(word);
  for (let n = Math.min(longest, tokens.length - i); n >= 2; n--) {
    const span = tokens.slice(i, i + n);
    if (!span.every((t) => t.kind === 'word')) continue;
    const phrase = span.map((t) => t.text).join(' ');
    const rating = AFINN_PHRASES.get(phrase);
    if (rating !== undefined) return { term: phrase, valence: { afinn: rating }, length: n };
  }
  return lookupSingle(word);
}

function lookupCached(word: string): Found {
  let found = wordCache.get(word);
  if (found === undefined) {
    found = lookupSingle(word);
    if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
    wordCache.set(word, found);
  }
  return found;
}

function lookupSingle(word: string): Found {
  for (const variant of [...spellings(word), ...baseForms(word)]) {
    const afinn = AFINN_WORDS.get(variant);
    const vader = VADER_WORDS.get(variant);
    const pattern = PATTERN_WORDS.get(variant);
    if (afinn === undefined && vader === undefined && pattern === undefined) continue;
    const valence: Valence = {};
    if (afinn !== undefined && afinn !== 0) valence.afinn = afinn;
    if (vader !== undefined && vader !== 0) valence.vader = vader;
    if (pattern !== undefined) valence.pattern = pattern;
    // The learned weight stays with the word as written: "crashes" and "crash" may differ.
    return { term: spellings(word).includes(variant) ? variant : word, valence, length: 1 };
  }
  return { term: word, valence: {}, length: 1 };
}

/**
 * Regular inflections the lexicons list only in one form ("crashes", "crashing" → "crash",
 * "loving" → "love", "stopped" → "stop"), and adjectives made from a noun or verb with -y
 * ("laggy" → "lag", "crashy" → "crash", "shaky" → "shake"): tried only when the word itself is
 * unknown.
 */
function baseForms(word: string): string[] {
  if (word.length < 5) return [];
  const forms: string[] = [];
  for (const suffix of ['ing', 'ed', 'es', 's', 'ly', 'er', 'est', 'y']) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    forms.push(stem, `${stem}e`);
    // Doubled final consonant: "stopped" → "stopp" → "stop".
    if (ENDS_DOUBLED.test(stem)) forms.push(stem.slice(0, -1));
    // "happily" → "happi" → "happy".
    if (stem.endsWith('i')) forms.push(`${stem.slice(0, -1)}y`);
  }
  return forms;
}

// Most Han tokens and joins asked about are no HowNet entry (about four in five) nor the start of
// one (about half): filters (string-filter.ts) turn those away before the big tables.
const HOWNET_WORD_FILTER = stringFilter(HOWNET_WORDS.keys());
const HOWNET_PREFIX_FILTER = stringFilter(HOWNET_PREFIXES);
const hownetPolarity = (text: string): number | undefined =>
  mayHold(HOWNET_WORD_FILTER, text) ? HOWNET_WORDS.get(text) : undefined;
const startsHownetEntry = (text: string): boolean => mayHold(HOWNET_PREFIX_FILTER, text) && HOWNET_PREFIXES.has(text);

/** Join following Han tokens while the join is still the start of a HowNet entry; keep the longest hit. */
function lookupHan(tokens: readonly Token[], i: number, word: string): Found {
  const own = hownetPolarity(word);
  let best: Found = { term: word, valence: own === undefined ? {} : { hownet: own }, length: 1 };
  let joined = word;
  for (let j = i + 1; j < tokens.length && startsHownetEntry(joined); j++) {
    const next = tokens[j] as Token;
    if (next.kind !== 'han') break;
    joined += next.text;
    const polarity = hownetPolarity(joined);
    if (polarity !== undefined) best = { term: joined, valence: { hownet: polarity }, length: j - i + 1 };
  }
  return best;
}

/** Longest lexicon entry starting at tokens[i]: AFINN phrases and HowNet idioms span tokens. */
export function lookup(tokens: readonly Token[], i: number): Found {
  const token = tokens[i] as Token;
  switch (token.kind) {
    case 'emoji': {
      const valence = emojiValence(token.text);
      return { term: token.text, valence: valence === 0 ? {} : { emoji: valence }, length: 1 };
    }
    case 'emoticon': {
      const valence = EMOTICON_VALENCE.get(token.text) ?? 0;
      return { term: token.text, valence: valence === 0 ? {} : { emoji: valence }, length: 1 };
    }
    case 'word':
      return lookupWord(tokens, i, token.text);
    default:
      return lookupHan(tokens, i, token.text);
  }
}

