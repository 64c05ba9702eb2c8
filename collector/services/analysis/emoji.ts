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

/**
 * Regex source matching any rated emoticon that stands apart from letters and digits, longest
 * first so ":-)" is not read as ":-" followed by ")". Only rated ones: an unrated face would
 * otherwise swallow punctuation that the rules need.
 */
export const EMOTICON_PATTERN = `(?<![\\p{L}\\p{N}])(?:${[...EMOTICON_VALENCE.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|')})(?![\\p{L}\\p{N}])`;

export function emojiValence(emoji: string): number {
  // Skin-tone modifiers and ZWJ joins do not change the feeling: rate the base emoji.
  const base = [...emoji][0] ?? '';
  return EMOJI_VALENCE.get(emoji) ?? EMOJI_VALENCE.get(base) ?? 0;
}
