import { AFINN_WORDS, VADER_WORDS } from './lexicon-en.ts';
import type { Token } from './segment.ts';
import { STOP_WORDS_EN } from './stop-words.ts';

export type Language = 'en' | 'zh' | 'mixed' | 'other';

// Script first, then vocabulary. Han characters without kana are Chinese; Latin words are
// English when at least a fifth are English function words or lexicon words — a Spanish or German
// comment is "other", and so are Japanese, Korean, Cyrillic… The locale only breaks ties.

const KANA_OR_HANGUL = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LATIN = /\p{Script=Latin}/u;
// Module-level, like the two above: tsx (esbuild) compiles a \p{…} regex literal to
// `new RegExp(…)`, which inside a function would be built again for every token.
const LETTER = /\p{L}/u;
/** A Latin word counts as much as this many Han characters (Chinese words average ~1.5). */
const HAN_PER_WORD = 1.5;
/** Each side of a mixed text carries at least this share of it… */
const MIXED_SHARE = 0.2;
/** …and the Latin side is a phrase, not a borrowed word or two ("这个app的UI很好看"). */
const MIXED_MIN_WORDS = 3;

/** A word starting with an ASCII letter holds a letter and a Latin one: both patterns answer yes. */
function startsWithAsciiLetter(word: string): boolean {
  const first = word.charCodeAt(0) | 0x20;
  return first >= 0x61 && first <= 0x7a;
}

export function detectLanguage(text: string, tokens: readonly Token[], locale?: string): Language {
  if (KANA_OR_HANGUL.test(text)) return 'other';
  let han = 0;
  const latin: string[] = [];
  let otherScripts = 0;
  for (const token of tokens) {
    if (token.kind === 'han') han += token.text.length;
    else if (token.kind === 'word' && startsWithAsciiLetter(token.text)) latin.push(token.text);
    else if (token.kind === 'word' && LETTER.test(token.text)) {
      if (LATIN.test(token.text)) latin.push(token.text);
      else otherScripts++;
    }
  }
  const hint = locale?.toLowerCase().slice(0, 2);
  const units = han / HAN_PER_WORD + latin.length + otherScripts;
  if (units === 0) return 'other';
  if (otherScripts / units > 0.5) return 'other';
  if (han > 0 && latin.length > 0) {
    // A brand name in a Chinese sentence ("iPhone很好用") does not make it bilingual.
    const hanShare = han / HAN_PER_WORD / units;
    const latinShare = latin.length / units;
    if (han >= 2 && latin.length >= MIXED_MIN_WORDS && hanShare >= MIXED_SHARE && latinShare >= MIXED_SHARE) {
      return 'mixed';
    }
    return hanShare >= latinShare ? 'zh' : looksEnglish(latin, hint);
  }
  if (han > 0) return 'zh';
  return looksEnglish(latin, hint);
}

function looksEnglish(words: readonly string[], hint: string | undefined): Language {
  if (words.length === 0) return 'other';
  // Counted until the share is reached: it only grows, and English text reaches it in a few words.
  let known = 0;
  for (const word of words) {
    if (STOP_WORDS_EN.has(word) || AFINN_WORDS.has(word) || VADER_WORDS.has(word)) known++;
    if (known / words.length >= 0.2) return 'en';
  }
  // Two or three unknown words ("Dark mode") say little: trust the page locale when it has one.
  if (words.length <= 3 && (hint === undefined || hint === 'en')) return 'en';
  return 'other';
}
