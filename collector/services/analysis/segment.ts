import { EMOTICON_HINT, EMOTICON_PATTERN } from './emoji.ts';

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
const ADDRESS = /(?:https?:\/\/|www\.)[^\s<>"]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|(?<![\p{L}\p{N}])@[\p{L}\p{N}_]+/gu;
const MAY_HOLD_ADDRESS = /@|:\/\/|www\./u;

// Order matters: emoticons before punctuation (":)" is not two punctuation marks), emoji
// sequences before everything that could split them.
const TOKEN_ALTERNATIVES = [
  '(?<han>\\p{Script=Han}+)',
  `(?<word>${WORD_CHAR}+(?:['’]${WORD_CHAR}+)*)`,
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
  // NFKC folds full-width ASCII ("ＧＯＯＤ", "！") into its plain form so one lexicon serves both.
  const folded = text.normalize('NFKC');
  const normalised = MAY_HOLD_ADDRESS.test(folded) ? folded.replace(ADDRESS, ' ') : folded;
  const tokens: Token[] = [];
  for (const match of normalised.matchAll(EMOTICON_HINT.test(normalised) ? TOKEN_PATTERN : PLAIN_TOKEN_PATTERN)) {
    const groups = match.groups ?? {};
    const raw = match[0];
    if (groups.han !== undefined) {
      for (const part of hanSegmenter.segment(raw)) {
        tokens.push({ kind: 'han', text: part.segment, raw: part.segment });
      }
    } else if (groups.word !== undefined) {
      const lower = raw.includes('’') ? raw.toLowerCase().replace(/’/g, "'") : raw.toLowerCase();
      tokens.push({ kind: 'word', text: squeezeElongation(lower), raw });
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
