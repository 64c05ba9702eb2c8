import { isAscii } from '../../../shared/normalize-text.ts';
import { EMOTICON_HINT, EMOTICON_PATTERN } from './emoji.ts';
import { gluedDegreeLength, gluedNegatorCut } from './rules.ts';

/**
 * What a piece of text is made of, in order. `text` is normalised (lower case, elongations
 * squeezed) for lookups; `raw` keeps what the visitor typed (for ALL-CAPS emphasis and keywords).
 */
export interface Token {
  kind: 'word' | 'han' | 'emoji' | 'emoticon' | 'punct';
  text: string;
  raw: string;
}

/** Longer input is cut here: sentiment and keywords of a 20k-character text are settled long before. */
export const MAX_CHARS = 20_000;

// One Segmenter for the process: construction costs far more than segmenting a short text.
const hanSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Letters, marks and digits of any script but Han, which Intl.Segmenter splits into words.
const WORD_CHAR = '[^\\p{P}\\p{S}\\p{C}\\p{Z}\\p{Script=Han}]';

// Addresses say nothing about how the writer feels, and read as words they mislead: the ":/" of
// "https://" is an emoticon, "t", "co" and a handle's name are words. Links, e-mail addresses and
// @handles are blanked out before tokens are read; only texts with an "@", "://" or "www." pay
// for the search (the e-mail pattern rescans every word it starts in).
// Case-insensitive: phones capitalise a link that opens a sentence ("Www.example.com").
const ADDRESS = /(?:https?:\/\/|www\.)[^\s<>"]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|(?<![\p{L}\p{N}])@[\p{L}\p{N}_]+/giu;
const MAY_HOLD_ADDRESS = /@|:\/\/|www\./iu;
// Apostrophes as keyboards and autocorrect type them: ’ and ‘ (curly), ʼ (a letter, so it would
// join the word), ´ (which NFKC turns into a space and a combining accent, splitting "don´t").
// Read as "'" before anything else, so "don‘t" is the contraction "don't".
const APOSTROPHES = /[’‘ʼ´]/gu;

// Order matters: emoticons before punctuation (":)" is not two punctuation marks), emoji
// sequences before everything that could split them.
const TOKEN_ALTERNATIVES = [
  '(?<han>\\p{Script=Han}+)',
  `(?<word>${WORD_CHAR}+(?:'${WORD_CHAR}+)*)`,
  '(?<emoji>\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier}|\\u200D\\p{Extended_Pictographic})*)',
  '(?<punct>[!?！？]{2,}|(?<mark>[!?.。！？…,，;；:：、~～\\n])\\k<mark>*)',
];
const TOKEN_PATTERN = new RegExp([`(?<emoticon>${EMOTICON_PATTERN})`, ...TOKEN_ALTERNATIVES].join('|'), 'gu');
// Trying hundreds of faces at every position is most of the tokenizer's time; a text that cannot
// hold one (EMOTICON_HINT) is read without them, with the same result.
const PLAIN_TOKEN_PATTERN = new RegExp(TOKEN_ALTERNATIVES.join('|'), 'gu');

/**
 * Whether some character may repeat `times` times in a row: a loop, far cheaper than running a
 * regex over every word. Characters outside the BMP (two code units each) answer yes: the caller's
 * regex then decides.
 */
export function hasRun(word: string, times: number): boolean {
  let run = 1;
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
    run = i > 0 && unit === word.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= times) return true;
  }
  return false;
}

// Module-level: tsx (esbuild) compiles a \p{…} regex literal to `new RegExp(…)`, which inside a
// function would be built again on every call.
const ELONGATION = /(\p{L})\1{2,}/gu;

/** Three or more of the same letter ("soooo") mean emphasis, not a different word. */
const squeezeElongation = (word: string): string => (hasRun(word, 3) ? word.replace(ELONGATION, '$1$1') : word);

export function segment(input: string): Token[] {
  const text = input.length > MAX_CHARS ? input.slice(0, MAX_CHARS) : input;
  // NFKC folds full-width ASCII ("ＧＯＯＤ", "！") into its plain form so one lexicon serves both;
  // ASCII is its own NFKC form.
  const ascii = isAscii(text);
  const folded = ascii ? text : text.replace(APOSTROPHES, "'").normalize('NFKC');
  const normalised = MAY_HOLD_ADDRESS.test(folded) ? folded.replace(ADDRESS, ' ') : folded;
  if (EMOTICON_HINT.test(normalised)) return tokensByPattern(normalised, TOKEN_PATTERN);
  return ascii ? asciiTokens(normalised) : tokensByPattern(normalised, PLAIN_TOKEN_PATTERN);
}

/**
 * Intl.Segmenter's words of a run of Han characters, walked by containing() from each word's end
 * to the next: the same words as iterating the segments (both ask for the next boundary), for
 * a quarter less than the iterator protocol costs. Segmenting is most of the cost of Chinese text.
 * An intensifier glued onto an opinion word ("很快", "太低") is cut off it (gluedDegreeLength), so
 * the degree rule reaches the word as it does in "非常快"; a pronoun glued onto a negator ("我不")
 * and the "不太" of "not very" are cut in two (gluedNegatorCut), so the negator is read.
 */
function pushHanWords(run: string, tokens: Token[]): void {
  const words = hanSegmenter.segment(run);
  for (let at = 0; at < run.length; ) {
    const word = words.containing(at)!;
    const text = word.segment;
    const cut = gluedDegreeLength(text) || gluedNegatorCut(text);
    if (cut > 0) {
      const first = text.slice(0, cut);
      tokens.push({ kind: 'han', text: first, raw: first });
    }
    const rest = cut > 0 ? text.slice(cut) : text;
    tokens.push({ kind: 'han', text: rest, raw: rest });
    at = word.index + text.length;
  }
}

/** The tokens the pattern finds in a normalised text (exported for the test of asciiTokens). */
export function tokensByPattern(normalised: string, pattern: RegExp = TOKEN_PATTERN): Token[] {
  const tokens: Token[] = [];
  for (const match of normalised.matchAll(pattern)) {
    const groups = match.groups ?? {};
    const raw = match[0];
    if (groups.han !== undefined) {
      pushHanWords(raw, tokens);
    } else if (groups.word !== undefined) {
      tokens.push({ kind: 'word', text: squeezeElongation(raw.toLowerCase()), raw });
    } else if (groups.emoticon !== undefined) {
      tokens.push({ kind: 'emoticon', text: raw, raw });
    } else if (groups.emoji !== undefined) {
      tokens.push({ kind: 'emoji', text: raw.replace(/\uFE0F/g, ''), raw });
    } else {
      tokens.push({ kind: 'punct', text: raw, raw });
    }
  }
  return tokens;
}

const isAsciiAlnum = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
const isBangOrQuery = (code: number): boolean => code === 0x21 || code === 0x3f;
/** The marks of the punct alternative that are ASCII: ! ? . , ; : ~ and the line feed. */
const isAsciiMark = (code: number): boolean =>
  isBangOrQuery(code) || code === 0x2e || code === 0x2c || code === 0x3b || code === 0x3a || code === 0x7e || code === 0x0a;

/** Where a run of characters passing `test` that starts at `from` ends. */
function runEnd(text: string, from: number, test: (code: number) => boolean): number {
  let end = from;
  while (end < text.length && test(text.charCodeAt(end))) end++;
  return end;
}

/** Where a run of one repeated character that starts at `from` ends. */
function repeatEnd(text: string, from: number): number {
  const code = text.charCodeAt(from);
  let end = from + 1;
  while (end < text.length && text.charCodeAt(end) === code) end++;
  return end;
}

/**
 * tokensByPattern(text, PLAIN_TOKEN_PATTERN) for ASCII text, read by a loop: a fifth of the
 * pattern's cost, and most feedback is ASCII without an emoticon. In ASCII the pattern comes down
 * to words (letters and digits, joined by single apostrophes: every other ASCII character is
 * punctuation, a symbol, a control or a space) and runs of marks; no ASCII character is Han or
 * an emoji. segment.test.ts checks the two ways agree.
 */
function asciiTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isAsciiAlnum(code)) {
      let end = runEnd(text, i, isAsciiAlnum);
      // "don't", "rock'n'roll": an apostrophe between letters or digits keeps the word going.
      while (text.charCodeAt(end) === 0x27 && isAsciiAlnum(text.charCodeAt(end + 1))) end = runEnd(text, end + 1, isAsciiAlnum);
      const raw = text.slice(i, end);
      tokens.push({ kind: 'word', text: squeezeElongation(raw.toLowerCase()), raw });
      i = end;
    } else if (isAsciiMark(code)) {
      // Two or more of "!" and "?" in any mix, else one mark and its repeats.
      const mixed = runEnd(text, i, isBangOrQuery);
      const end = mixed - i >= 2 ? mixed : repeatEnd(text, i);
      const raw = text.slice(i, end);
      tokens.push({ kind: 'punct', text: raw, raw });
      i = end;
    } else {
      i++;
    }
  }
  return tokens;
}
