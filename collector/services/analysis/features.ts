import { type Found, hasOpinion, lookup, respelling, type Valence } from './lookup.ts';
import {
  CAPS_FACTOR,
  CONTRAST_AFTER,
  CONTRAST_BEFORE,
  CONTRAST_CONCESSIVE,
  CONTRAST_NEXT,
  DEGREE,
  DEGREE_PAIR_STARTS,
  EN_NEGATOR_WORDS,
  EXCLAMATION_MAX,
  EXCLAMATION_STEP,
  IRREALIS_COMPARATIVE,
  IRREALIS_FACTOR,
  isComparative,
  isInterjectionNo,
  isIrrealisMarker,
  isNegator,
  NEGATION_FACTOR,
  NEGATION_REACH,
  negatorDegree,
  opensEmphaticNegation,
  opensPastState,
  PAST_STATE_FACTOR,
} from './rules.ts';
import type { Token } from './segment.ts';

// Turns tokens into what the model weighs: one Occurrence per word, phrase or emoji, with the
// multiplier the linguistic rules give it. Training (bench/train-sentiment.ts) and scoring both
// read text through this one function, so the learned weights mean the same thing in both.

export type Rule = 'negation' | 'intensifier' | 'diminisher' | 'contrast' | 'exclamation' | 'caps' | 'irrealis';

/** The rules in the order a cue names them: the sentence's, then the word's, then contrast. */
const RULE_ORDER: readonly Rule[] = ['exclamation', 'negation', 'intensifier', 'diminisher', 'irrealis', 'caps', 'contrast'];

/**
 * The rules an occurrence went through, as bits, named only when a cue explains it (ruleNames).
 * Not a list of names: a list began as `[]`, which V8 gives small-integer elements, and the
 * optimised code that pushed a rule's name onto it deoptimised, once for each place that pushed,
 * each costing 60–75 ms of V8's optimising compiler in the first seconds of traffic after the
 * warm-up (`--trace-deopt`: "not a Smi").
 */
const RULE = Object.fromEntries(RULE_ORDER.map((rule, k) => [rule, 1 << k])) as Record<Rule, number>;

/** The names of the rules in `bits`, in cue order. */
export function ruleNames(bits: number): Rule[] {
  return RULE_ORDER.filter((rule) => (bits & RULE[rule]) !== 0);
}

export interface Occurrence {
  term: string;
  /** Product of the rule multipliers: negative when negated. */
  weight: number;
  valence: Valence;
  /** The rules applied, as bits (ruleNames names them). */
  ruleBits: number;
}

export interface Bigram {
  term: string;
  weight: number;
}

/** Text-level punctuation habits, each scaled to [0, 1]. */
export const SIGNALS = ['@exclaim', '@question', '@ellipsis'] as const;
export type Signal = (typeof SIGNALS)[number];

export interface Features {
  occurrences: Occurrence[];
  bigrams: Bigram[];
  signals: Record<Signal, number>;
  /**
   * Whether the text is mostly Chinese. Punctuation habits differ by language ("太差了！" is a
   * complaint, "Great!" praise), so the model weighs the signals separately for each.
   */
  han: boolean;
}

const SENTENCE_END = /[.。!！?？…\n;；]/u;
const CLAUSE_END = /[,，、:：~～]/u;

/** A word's first and last character, as one number. */
const endsOf = (word: string): number => word.charCodeAt(0) * 0x10000 + word.charCodeAt(word.length - 1);
/**
 * endsOf() of every one-word modifier. Squeezing doubled letters keeps a word's first and last
 * character, so a word whose ends match no modifier's cannot be respelled into one: it skips the
 * respelling (a pattern and a new string for every word with a doubled letter).
 */
const DEGREE_ENDS: ReadonlySet<number> = new Set([...DEGREE.keys()].filter((key) => !key.includes(' ')).map(endsOf));
/** endsOf() of every English negator: the same shortcut for "nottt" → "nott" → "not". */
const NEGATOR_ENDS: ReadonlySet<number> = new Set(EN_NEGATOR_WORDS.map(endsOf));

/** The token's spelling as a negator, as written or squeezed from an elongation ("nooo", "nottt"). */
function negatorSpelling(token: Token): string | undefined {
  if (isNegator(token.text)) return token.text;
  if (token.kind !== 'word' || !NEGATOR_ENDS.has(endsOf(token.text))) return undefined;
  const respelled = respelling(token.text);
  return respelled !== undefined && isNegator(respelled) ? respelled : undefined;
}

/**
 * "我并不是很满意": after a negator, the copula 是 belongs to it (Intl.Segmenter keeps "不是" whole
 * but splits "并不|是"). HowNet rates 是 as praise ("right"), so read as a word it took the
 * negation meant for what follows.
 */
const isCopulaAfterNegator = (tokens: readonly Token[], i: number): boolean =>
  (tokens[i] as Token).text === '是' && i > 0 && (tokens[i - 1] as Token).kind === 'han' && isNegator((tokens[i - 1] as Token).text);

function degreeAt(tokens: readonly Token[], i: number): { multiplier: number; length: number } | undefined {
  const token = tokens[i] as Token;
  const next = tokens[i + 1];
  if (next?.kind === 'word' && token.kind === 'word' && DEGREE_PAIR_STARTS.has(token.text)) {
    const pair = DEGREE.get(`${token.text} ${next.text}`);
    if (pair !== undefined) return { multiplier: pair, length: 2 };
  }
  // The word as written, then (for a squeezed elongation, "soo") its single-letter spelling.
  const single = DEGREE.get(token.text);
  if (single !== undefined) return { multiplier: single, length: 1 };
  const respelled = token.kind === 'word' && DEGREE_ENDS.has(endsOf(token.text)) ? respelling(token.text) : undefined;
  const multiplier = respelled === undefined ? undefined : DEGREE.get(respelled);
  return multiplier === undefined ? undefined : { multiplier, length: 1 };
}

/** The text of the (up to) two Han tokens from `from`: enough to see "都不" split as 都|不. */
function hanTextAfter(tokens: readonly Token[], from: number): string {
  const first = tokens[from];
  if (first?.kind !== 'han') return '';
  const second = tokens[from + 1];
  return second?.kind === 'han' ? first.text + second.text : first.text;
}

const endsSentence = (t: Token | undefined): boolean => t?.kind === 'punct' && SENTENCE_END.test(t.text);
/** A token read as itself, with no lexicon value (negators, contrast and irrealis markers). */
const plainAt = (tokens: readonly Token[], i: number): Found => ({ term: (tokens[i] as Token).text, valence: {}, length: 1 });

/**
 * "very good", "very, very good", "有点贵": the modifier lands on the next lexicon word within two
 * tokens ("so very good"), or else on the word right after it ("有点贵", where 贵 has no prior).
 */
function degreeTarget(tokens: readonly Token[], from: number, end: number): number {
  for (let j = from; j < Math.min(from + 2, end); j++) {
    if ((tokens[j] as Token).kind === 'punct') break;
    if (hasOpinion(lookup(tokens, j).valence)) return j;
  }
  return from;
}

// Module-level: tsx (esbuild) compiles a \p{…} regex literal to `new RegExp(…)`, which inside a
// function would be built again on every call.
const CAPITALS = /^\p{Lu}+$/u;
function isShouted(raw: string): boolean {
  if (raw.length < 3) return false;
  // A word starting with an ASCII character other than A–Z is not all capitals: no pattern needed.
  const first = raw.charCodeAt(0);
  if (first < 0x80 && (first < 0x41 || first > 0x5a)) return false;
  return CAPITALS.test(raw);
}

interface Draft extends Occurrence {
  base: number;
  contrast: number;
  exclamation: number;
  sentence: number;
}

/** What a sentence's drafts are added to, and the state of the sentence that each draft takes. */
interface Sentence {
  tokens: readonly Token[];
  drafts: Draft[];
  bigrams: Array<{ term: string; of: Draft }>;
  inSentence: Draft[];
  /** The weight of what comes next in this sentence (contrast). */
  contrast: number;
  exclamation: number;
  sentence: number;
  /** The last word drafted, while the next one may pair with it. */
  previous: Draft | undefined;
}

// A module-level function, not a closure made per sentence: the collector runs through tsx, which
// names every closure it makes (esbuild's keepNames), and that naming cost more than the closure.
function addDraft(at: Sentence, i: number, found: Found, base: number, ruleBits: number): Draft {
  const token = at.tokens[i] as Token;
  const draft: Draft = { term: found.term, valence: found.valence, weight: 0, ruleBits, base, contrast: at.contrast, exclamation: at.exclamation, sentence: at.sentence };
  at.drafts.push(draft);
  at.inSentence.push(draft);
  const pairable = token.kind === 'word' || token.kind === 'han';
  if (at.previous !== undefined && pairable && (at.tokens[i - 1] as Token).kind === token.kind) {
    at.bigrams.push({ term: `${at.previous.term} ${draft.term}`, of: draft });
  }
  at.previous = pairable ? draft : undefined;
  return draft;
}

/** Whether the lexicons call a word a complaint, on balance (the sum of their valences). */
function complains(valence: Valence): boolean {
  let sum = 0;
  for (const lexicon in valence) sum += valence[lexicon as keyof Valence] as number;
  return sum < 0;
}

/** The text of the word token at `i`, if there is one inside [from, end). */
const wordAt = (tokens: readonly Token[], i: number, from: number, end: number): string | undefined => {
  const token = tokens[i];
  return i >= from && i < end && token?.kind === 'word' ? token.text : undefined;
};

/** Sentence-level signals as 0–1: counts clipped at `max`. */
const clip = (n: number, max: number): number => Math.min(n, max) / max;

export function extractFeatures(tokens: readonly Token[]): Features {
  const drafts: Draft[] = [];
  const bigrams: Array<{ term: string; of: Draft }> = [];
  const signals: Record<Signal, number> = { '@exclaim': 0, '@question': 0, '@ellipsis': 0 };
  // Shouting only means something when the rest of the text is not in capitals.
  const allCaps = tokens.every((t) => t.kind !== 'word' || t.raw === t.raw.toUpperCase());

  let sentence = 0;
  let start = 0;
  while (start < tokens.length) {
    let end = start;
    while (end < tokens.length && !endsSentence(tokens[end])) end++;
    // Trailing punctuation belongs to the sentence: its "!!!" strengthens it.
    let close = end;
    while (close < tokens.length && endsSentence(tokens[close])) close++;
    const marks = tokens.slice(end, close).map((t) => t.text).join('');
    const bangs = (marks.match(/[!！]/gu) ?? []).length;
    signals['@exclaim'] += bangs;
    signals['@question'] += (marks.match(/[?？]/gu) ?? []).length;
    if (/\.\.|…|。。/u.test(marks)) signals['@ellipsis'] = 1;
    const exclamation = 1 + EXCLAMATION_STEP * Math.min(bangs, EXCLAMATION_MAX);
    const sentenceRules = bangs > 0 ? RULE.exclamation : 0;

    const inSentence: Draft[] = [];
    let concessiveOpen = false;
    let negationLeft = 0;
    // The negator that negationLeft counts down for.
    let negatedBy: Draft | undefined;
    // Inside a wish, condition or modal clause ("would be nice if…") until the clause ends.
    let irrealis = false;
    // From this token on to the end of the clause, a past state ("it used to be great").
    let pastFrom = Number.POSITIVE_INFINITY;
    // Which token index a pending intensifier / diminisher lands on.
    let degree: { multiplier: number; target: number } | undefined;
    // Where drafts go, the weight for what comes next in this sentence, and the last word drafted.
    const at: Sentence = { tokens, drafts, bigrams, inSentence, contrast: 1, exclamation, sentence, previous: undefined };

    for (let i = start; i < end; ) {
      const token = tokens[i] as Token;
      if (token.kind === 'punct') {
        if (CLAUSE_END.test(token.text)) {
          negationLeft = 0;
          irrealis = false;
          pastFrom = Number.POSITIVE_INFINITY;
          degree = undefined;
          if (concessiveOpen) {
            concessiveOpen = false;
            at.contrast = CONTRAST_AFTER;
          }
        }
        at.previous = undefined;
        i++;
        continue;
      }
      if (CONTRAST_NEXT.has(token.text)) {
        // Everything said so far in this sentence — or, for a sentence opening with "But",
        // the sentence before — is what the writer is about to qualify.
        // A clause between two "but"s is qualified by the second too: "good but bad but great"
        // means great, so bad is halved rather than kept at the ×1.5 of the first "but".
        const qualified = inSentence.length > 0 ? inSentence : drafts.filter((d) => d.sentence === sentence - 1);
        for (const draft of qualified) draft.contrast = CONTRAST_BEFORE;
        at.contrast = CONTRAST_AFTER;
        negationLeft = 0;
        irrealis = false;
        pastFrom = Number.POSITIVE_INFINITY;
        addDraft(at, i, plainAt(tokens, i), exclamation, sentenceRules);
        i++;
        continue;
      }
      if (CONTRAST_CONCESSIVE.has(token.text)) {
        concessiveOpen = true;
        at.contrast = CONTRAST_BEFORE;
        addDraft(at, i, plainAt(tokens, i), exclamation, sentenceRules);
        i++;
        continue;
      }
      if (token.kind === 'word' && isIrrealisMarker(token.text)) {
        irrealis = true;
        addDraft(at, i, plainAt(tokens, i), exclamation, sentenceRules);
        i++;
        continue;
      }
      // AFINN rates some phrases that open with a negator ("not working", "can't stand", "no
      // fun"): such a phrase is read as the entry it is, not as a negator and a word.
      const negator = negatorSpelling(token);
      const phrase = negator !== undefined && token.kind === 'word' ? lookup(tokens, i) : undefined;
      if (negator !== undefined && (phrase === undefined || phrase.length === 1)) {
        negationLeft = isInterjectionNo(negator, wordAt(tokens, i + 1, start, end)) ? 0 : NEGATION_REACH[token.kind === 'han' ? 'han' : 'word'];
        // "非常不满意": the degree word before a negator scales the negated opinion. Its target was
        // the negator itself (the lookup there joins "不满意"), where it would be lost.
        if (degree !== undefined && degree.target === i) degree.target = degreeTarget(tokens, i + 1, end);
        // "很不方便": a degree word glued onto the negator does the same.
        const glued = token.kind === 'han' ? negatorDegree(token.text) : undefined;
        if (glued !== undefined) degree = { multiplier: (degree?.multiplier ?? 1) * glued, target: degreeTarget(tokens, i + 1, end) };
        // Under its own spelling ("nooo" learns as "no").
        negatedBy = addDraft(at, i, { term: negator, valence: {}, length: 1 }, exclamation, sentenceRules);
        i++;
        continue;
      }
      const modifier = degreeAt(tokens, i);
      if (modifier !== undefined) {
        // "not very good" is milder than "good", not stronger: a negated intensifier softens. The
        // mirror image: "一点都不好" is "not good at all", so a diminisher before 都/也 and a
        // negator strengthens the negated word by as much as it would have weakened it.
        const softened = negationLeft > 0 && modifier.multiplier > 1;
        const emphatic = modifier.multiplier < 1 && opensEmphaticNegation(hanTextAfter(tokens, i + modifier.length));
        const multiplier = softened || emphatic ? 1 / modifier.multiplier : modifier.multiplier;
        // Diminishers say "a little" once, however many are stacked ("稍微有点卡", "just a bit"):
        // only intensifiers add up ("very, very good").
        const stacked = degree !== undefined && degree.multiplier < 1 && multiplier < 1 ? 1 : multiplier;
        const target = degreeTarget(tokens, i + modifier.length, end);
        degree = { multiplier: (degree?.multiplier ?? 1) * stacked, target };
        // A modifier only scales its target: it gets no learned weight of its own, or "特别"
        // would learn the praise of "特别好" and pull "特别差" up. A modifier that is also a
        // lexicon word ("super!", "super app", "super helpful") keeps that valence, but not
        // against the word it strengthens: "super slow", "pretty bad" are no praise. (Dropping it
        // before a word of its own sign too cost the UCI sentences 0.3 macro-F1.)
        const own = modifier.length === 1 ? lookup(tokens, i) : undefined;
        const targetValence = target < end ? lookup(tokens, target).valence : {};
        const contradicts = hasOpinion(targetValence) && own !== undefined && complains(own.valence) !== complains(targetValence);
        if (own !== undefined && hasOpinion(own.valence) && !contradicts) addDraft(at, i, own, exclamation, sentenceRules);
        else at.previous = undefined;
        i += modifier.length;
        continue;
      }

      // The negator of such a phrase still speaks for itself: its learned weight says that people
      // who write "not" are mostly complaining, and without it "not good" scored milder than "not
      // very good". It pairs with nothing, the phrase being the pair.
      if (phrase !== undefined) {
        addDraft(at, i, { term: negator as string, valence: {}, length: 1 }, exclamation, sentenceRules);
        at.previous = undefined;
      }
      if (negationLeft > 0 && token.kind === 'han' && isCopulaAfterNegator(tokens, i)) {
        addDraft(at, i, plainAt(tokens, i), exclamation, sentenceRules);
        i++;
        continue;
      }
      const found = phrase ?? lookup(tokens, i);
      const opinion = hasOpinion(found.valence);
      let base = exclamation;
      let rules = sentenceRules;
      if (negationLeft > 0) {
        base *= NEGATION_FACTOR;
        rules |= RULE.negation;
        // A negated complaint is praise ("没毛病", "没什么问题", "不算差"): the negator's own learned
        // weight, which says that people who write "没" mostly complain, would outweigh it, so
        // it says nothing here. Not in English: there "no apology", "not even sorry" complain
        // as often, and the same rule cost the airline tweets 0.4 macro-F1.
        if (opinion && negatedBy !== undefined && token.kind === 'han' && complains(found.valence)) negatedBy.base = 0;
        // The first opinion word takes the negation; function words in between only carry it.
        negationLeft = opinion ? 0 : negationLeft - 1;
      }
      if (degree !== undefined && i >= degree.target) {
        if (i === degree.target) {
          base *= degree.multiplier;
          rules |= degree.multiplier >= 1 ? RULE.intensifier : RULE.diminisher;
        }
        degree = undefined;
      }
      if (irrealis && opinion) {
        base *= isComparative(found.term) ? IRREALIS_COMPARATIVE : IRREALIS_FACTOR;
        rules |= RULE.irrealis;
      }
      if (i >= pastFrom && opinion) {
        base *= PAST_STATE_FACTOR;
        rules |= RULE.irrealis;
      }
      if (token.kind === 'word' && opensPastState(token.text, wordAt(tokens, i + 1, start, end), wordAt(tokens, i - 1, start, end))) {
        pastFrom = i + 2;
      }
      if (token.kind === 'word' && !allCaps && isShouted(token.raw)) {
        base *= CAPS_FACTOR;
        rules |= RULE.caps;
      }
      addDraft(at, i, found, base, rules);
      i += found.length;
    }
    sentence++;
    start = close;
  }

  for (const draft of drafts) {
    draft.weight = draft.base * draft.contrast;
    if (draft.contrast !== 1) draft.ruleBits |= RULE.contrast;
  }
  // Punctuation colours what is said; on its own ("???") it says nothing.
  const saysSomething = drafts.length > 0;
  signals['@exclaim'] = saysSomething ? clip(signals['@exclaim'], 3) : 0;
  signals['@question'] = saysSomething ? clip(signals['@question'], 3) : 0;
  if (!saysSomething) signals['@ellipsis'] = 0;
  let hanTokens = 0;
  let wordTokens = 0;
  for (const token of tokens) {
    if (token.kind === 'han') hanTokens++;
    else if (token.kind === 'word') wordTokens++;
  }
  return {
    occurrences: drafts.map(({ term, weight, valence, ruleBits }) => ({ term, weight, valence, ruleBits })),
    // A pair is a learned feature on its own: negation is already inside it ("不 怎么"), so it
    // takes only the sentence-level multipliers (contrast, exclamation).
    bigrams: bigrams.map(({ term, of }) => ({ term, weight: of.contrast * of.exclamation })),
    signals,
    han: hanTokens > wordTokens,
  };
}
