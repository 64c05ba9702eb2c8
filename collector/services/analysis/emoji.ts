import { emojiEmotion } from 'emoji-emotion';
import { emoticon } from 'emoticon';
import { VADER_EMOTICONS } from './lexicon-en.ts';

// Emoji valences come from `emoji-emotion` (MIT, emoji rated -5..+5 like AFINN). ASCII faces are
// mapped to their emoji by `emoticon` (MIT) and take that emoji's valence; faces it does not
// know fall back to VADER's rating of them.

const stripVariation = (emoji: string): string => emoji.replace(/\uFE0F/g, '');

/** Emoji (without variation selectors) → valence in [-1, 1]. */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map(
  emojiEmotion.map((info) => [stripVariation(info.emoji), info.polarity / 5]),
);

/** ASCII emoticon → valence in [-1, 1]. */
export const EMOTICON_VALENCE: ReadonlyMap<string, number> = new Map([
  ...VADER_EMOTICONS,
  ...emoticon.flatMap((info) => {
    const valence = EMOJI_VALENCE.get(stripVariation(info.emoji));
    return valence === undefined ? [] : info.emoticons.map((face) => [face, valence] as const);
  }),
]);

// Only syntax characters may be escaped in a `u`-flag pattern ("\-" is an error there).
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Rated faces, longest first so ":-)" is not read as ":-" followed by ")". */
const faces = [...EMOTICON_VALENCE.keys()].sort((a, b) => b.length - a.length);

/** Regex source for any of `list` standing apart from letters and digits. */
const apart = (list: readonly string[]): string => `(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`;

/**
 * Regex source matching any rated emoticon that stands apart from letters and digits. Only rated
 * ones: an unrated face would otherwise swallow punctuation that the rules need.
 */
export const EMOTICON_PATTERN = apart(faces);

/** Characters ordinary prose is full of: a face made only of these and of letters and digits
 * ("xD", "8-D") has to be looked for as a whole. */
const PROSE_MARKS = new Set(['-', '.', ',', '?', "'", '!', '"']);
const isProse = (c: string): boolean => /[\p{L}\p{N}]/u.test(c) || PROSE_MARKS.has(c);
const rareMarks = [...new Set(faces.flatMap((face) => [...face].filter((c) => !isProse(c))))];
// Inside a `u`-flag class only syntax characters and "-" may be escaped.
const escapeInClass = (c: string): string => (/[\^$\\.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c);

/**
 * True for every text that holds a rated emoticon (and for some that hold none): most faces have
 * a character prose seldom uses (":", ";", "=", "<", "(" …), the few others are searched as they
 * are. segment() reads a text without this test passing with a pattern that has no emoticon
 * alternative, which is much cheaper and, there, finds the same tokens.
 */
export const EMOTICON_HINT = new RegExp(
  `[${rareMarks.map(escapeInClass).join('')}]|${apart(faces.filter((face) => [...face].every(isProse)))}`,
  'u',
);

export function emojiValence(emoji: string): number {
  // Skin-tone modifiers and ZWJ joins do not change the feeling: rate the base emoji.
  const base = [...emoji][0] ?? '';
  return EMOJI_VALENCE.get(emoji) ?? EMOJI_VALENCE.get(base) ?? 0;
}
