import trained from './data/weights.json' with { type: 'json' };
import { type Features, type Rule, SIGNALS, type Signal, ruleNames } from './features.ts';
import { type Lexicon, LEXICONS } from './lookup.ts';
import { mayHold, type StringFilter, stringFilter } from './string-filter.ts';

// A linear model over the features of features.ts, read as a logistic regression:
// P(positive) = σ(z), and the sentiment score is 2·P − 1 = tanh(z / 2), always inside [-1, 1].
//   z = Σ occurrences  weight · (term weight + Σ lexicons  scale · valence)
//     + Σ word pairs   weight · pair weight
//     + Σ signals      value · signal weight
// Term and pair weights are learned from labelled reviews (bench/train-sentiment.ts); a word
// the training data never saw still counts through its lexicon valences. Each lexicon has one
// scale for its positive words and one for its negative words: reviewers use praise loosely
// and complaints precisely, so the two kinds of evidence are not worth the same.

export type LexiconScale = `@${Lexicon}${'+' | '-'}`;
/** A punctuation signal as weighed in Latin-script text, or (":zh") in mostly Chinese text. */
export type SignalScale = Signal | `${Signal}:zh`;
export type Scalar = LexiconScale | SignalScale;
export const SIGNAL_SCALES: readonly SignalScale[] = [...SIGNALS, ...SIGNALS.map((s) => `${s}:zh` as const)];
export const SCALARS: readonly Scalar[] = [...LEXICONS.flatMap((l) => [`@${l}+`, `@${l}-`] as const), ...SIGNAL_SCALES];

export const signalScale = (signal: Signal, han: boolean): SignalScale => (han ? `${signal}:zh` : signal);

export const scaleOf = (lexicon: Lexicon, valence: number): LexiconScale => `@${lexicon}${valence > 0 ? '+' : '-'}`;

export type SentimentLabel = 'pos' | 'neu' | 'neg';

/**
 * |score| below the band is 'neu'. The band is wider for a text no lexicon rates ("where is my
 * order?"): there only learned word weights speak, and those lean one way for almost any text.
 * It is wider still for a question ("can I change my seat?", "is there a dark mode?"): a
 * question asks rather than judges, and the opinion words in it ("would love to know when…")
 * are usually politeness. A question that does judge ("why is this so awful?") scores far
 * outside the band.
 */
export interface NeutralBand {
  rated: number;
  unrated: number;
  /** For a text with a question mark closing a sentence; the wider band wins. */
  question?: number;
}

export interface Model {
  terms: ReadonlyMap<string, number>;
  scalars: Readonly<Record<Scalar, number>>;
  neutralBand: NeutralBand;
}

export interface Cue {
  term: string;
  /** This occurrence's share of z: positive pushes towards 'pos'. */
  contribution: number;
  rules: Rule[];
}

export interface Scored {
  z: number;
  cues: Cue[];
  /** Whether any lexicon word, emoji or emoticon was found. */
  rated: boolean;
  /** Whether a sentence of the text ends with a question mark. */
  asks: boolean;
}

export const DEFAULT_MODEL: Model = {
  terms: new Map(Object.entries(trained.terms)),
  scalars: trained.scalars as Record<Scalar, number>,
  neutralBand: trained.neutralBand,
};

/** signalScale() of each signal in SIGNALS order, for Latin-script text and for mostly Chinese text, built once. */
const SIGNAL_SCALE_KEYS = SIGNALS.map((signal) => [signalScale(signal, false), signalScale(signal, true)] as const);

/** scaleOf() for every lexicon, built once: score() runs for every word of every text. */
const SCALE_KEYS = Object.fromEntries(
  LEXICONS.map((l) => [l, [scaleOf(l, 1), scaleOf(l, -1)] as const]),
) as Record<Lexicon, readonly [LexiconScale, LexiconScale]>;

/** A filter over each model's terms (string-filter.ts), made on first use: a model's terms do not change once it is made. */
const termFilters = new WeakMap<ReadonlyMap<string, number>, StringFilter>();

function termFilter(terms: ReadonlyMap<string, number>): StringFilter {
  let filter = termFilters.get(terms);
  if (filter === undefined) {
    filter = stringFilter(terms.keys());
    termFilters.set(terms, filter);
  }
  return filter;
}

/**
 * The model's weight of a term, 0 for a term it does not know. Most word pairs of a text are no
 * term of the model (97% of the ingest bench's, 73% of the eval fixtures'): the filter spares
 * them the 24,000-term map.
 */
const termWeight = (model: Model, filter: StringFilter, term: string): number =>
  mayHold(filter, term) ? (model.terms.get(term) ?? 0) : 0;

/** The score of a text's features. Without `explain` no cues are made (`cues` stays empty). */
export function score(features: Features, model: Model, explain = true): Scored {
  let z = 0;
  let rated = false;
  const cues: Cue[] = [];
  const filter = termFilter(model.terms);
  for (const occurrence of features.occurrences) {
    let value = termWeight(model, filter, occurrence.term);
    for (const lexicon in occurrence.valence) {
      const valence = occurrence.valence[lexicon as Lexicon] as number;
      value += valence * model.scalars[SCALE_KEYS[lexicon as Lexicon][valence > 0 ? 0 : 1]];
      rated = true;
    }
    const contribution = occurrence.weight * value;
    if (contribution === 0) continue;
    z += contribution;
    if (explain) cues.push({ term: occurrence.term, contribution, rules: ruleNames(occurrence.ruleBits) });
  }
  for (const bigram of features.bigrams) {
    const contribution = bigram.weight * termWeight(model, filter, bigram.term);
    if (contribution === 0) continue;
    z += contribution;
    if (explain) cues.push({ term: bigram.term, contribution, rules: [] });
  }
  // In SIGNALS order, the order of features.signals' keys: the sum adds up as it always has.
  for (let i = 0; i < SIGNALS.length; i++) {
    const signal = SIGNALS[i] as Signal;
    z += features.signals[signal] * model.scalars[SIGNAL_SCALE_KEYS[i]![features.han ? 1 : 0]];
  }
  return { z, cues, rated, asks: features.signals['@question'] > 0 };
}

/** σ(z) read on [-1, 1]: 2·σ(z) − 1 = tanh(z / 2), to four decimals (finer means nothing). */
export const toSentiment = (z: number): number => Math.round(Math.tanh(z / 2) * 10_000) / 10_000;

export function toLabel(sentiment: number, scored: Pick<Scored, 'rated' | 'asks'>, model: Model): SentimentLabel {
  const { rated, unrated, question = 0 } = model.neutralBand;
  const band = Math.max(scored.rated ? rated : unrated, scored.asks ? question : 0);
  return Math.abs(sentiment) < band || sentiment === 0 ? 'neu' : sentiment > 0 ? 'pos' : 'neg';
}
