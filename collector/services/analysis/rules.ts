import { AFINN_WORDS, PATTERN_WORDS, VADER_WORDS } from './lexicon-en.ts';
import { HOWNET_DEGREE, HOWNET_DENY, HOWNET_WORDS } from './lexicon-zh.ts';

// Function words that change how much a sentiment word counts. These are grammar, not
// sentiment: the English ones are the closed class every rule-based scorer uses (VADER's
// negations and boosters are the model), the Chinese ones come from HowNet's own deny and degree
// lists. The strengths below were chosen on the held-out split of the training data.

/** A negated word keeps 3/4 of its strength with the sign flipped ("not good" is not "bad"). */
export const NEGATION_FACTOR = -0.75;
/** How many tokens after a negator it can reach, stopping at clause punctuation. */
export const NEGATION_REACH = { word: 3, han: 2 } as const;
/** Before "but" a clause counts half; after it, one and a half (VADER uses the same split). */
export const CONTRAST_BEFORE = 0.5;
export const CONTRAST_AFTER = 1.5;
/** Each "!" closing a sentence strengthens it, up to three. */
export const EXCLAMATION_STEP = 0.15;
export const EXCLAMATION_MAX = 3;
/** A shouted word ("GREAT") in otherwise normal text. */
export const CAPS_FACTOR = 1.3;

const EN_NEGATORS = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'nowhere', 'without',
  'cannot', 'hardly', 'barely', 'scarcely',
]);
// Apostrophe-less contractions are how people type on phones ("dont", "doesnt").
const EN_APOSTROPHE_LESS = [
  'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'cant', 'wont', 'couldnt', 'shouldnt', 'wouldnt', 'arent', 'werent',
  'havent', 'hasnt', 'hadnt', 'aint',
];
const EN_CONTRACTED = new RegExp(`^(?:\\p{L}+n't|${EN_APOSTROPHE_LESS.join('|')})$`, 'u');
/**
 * English negators as whole words, for callers that must recognise a squeezed elongation
 * ("nottt" → "nott", "nooo" → "noo"): squeezing keeps a word's first and last letters, so only a
 * word whose ends match one of these can respell into a negator.
 */
export const EN_NEGATOR_WORDS: readonly string[] = [...EN_NEGATORS, ...EN_APOSTROPHE_LESS];
// HowNet lists bare negators; Intl.Segmenter often glues an adverb onto them ("也不", "再也不"),
// and glues on what follows them too: the indefinite 什么 ("没什么|问题", "no problem to speak
// of"), 再 ("不再|闪退", "no longer") and the quasi-copula 算 ("不算|差", "not what you would call
// bad", as 不是). The negator still negates what comes after such a token.
const ZH_NEGATOR_FORMS = /^(?:也|都|并|再也|从|从来|绝|决|根本|一点也|一点都|完全|就)?(?:不|没|没有|未|别|无|不是)(?:什么|再|算)?$/u;
const ZH_NEGATORS = new Set(HOWNET_DENY);
const ZH_NEGATOR_ENDINGS = new Set(['不', '没', '有', '未', '别', '无', '是', '么', '再', '算']);

/** Whether a token ending in "t" may be a contraction: all of them end in "n't" or "nt". */
const maybeContracted = (token: string): boolean => {
  const beforeT = token.charCodeAt(token.length - 2);
  return beforeT === 0x6e /* n */ || beforeT === 0x27 /* ' */;
};

export function isNegator(token: string): boolean {
  if (EN_NEGATORS.has(token) || ZH_NEGATORS.has(token)) return true;
  // Every token is asked, so the patterns run only on tokens ending as theirs can ("but", "cart"
  // and "support" end in "t", but not in "nt" or "n't").
  const last = token.at(-1);
  if (last === 't') return maybeContracted(token) && EN_CONTRACTED.test(token);
  if (last === undefined || !ZH_NEGATOR_ENDINGS.has(last)) return false;
  return ZH_NEGATOR_FORMS.test(token) || negatorDegree(token) !== undefined;
}

/**
 * The negators that Intl.Segmenter glues onto a word before them. Not 别 or 非: they begin or end
 * too many ordinary words ("特别", "区别", "级别", "类别", "分别"; "是非"), which a degree or
 * pronoun character in front would turn into negators.
 */
const ZH_GLUED_NEGATOR = /^(?:不|没|没有|未|无|不是)$/u;

/**
 * Intl.Segmenter also glues a degree word onto a negator ("很不方便" → 很不|方便, "最不喜欢" →
 * 最不|喜欢). Such a token negates like its negator and scales what it negates like its degree
 * word ("很不方便" says more than "不方便"): this is that degree's multiplier, or undefined for a
 * token that is not such a pair. Degree words are one or two characters (HowNet's "很", "非常").
 */
export function negatorDegree(token: string): number | undefined {
  for (let n = 1; n <= 2 && n < token.length; n++) {
    const degree = DEGREE.get(token.slice(0, n));
    if (degree !== undefined && ZH_GLUED_NEGATOR.test(token.slice(n))) return degree;
  }
  return undefined;
}

// The personal pronouns (a closed class): Intl.Segmenter glues one onto the negator after it
// ("我不|喜欢", "他没|来", "我不是|很|满意"), and the negator inside such a token was never seen.
const ZH_PRONOUNS = new Set(['我', '你', '您', '他', '她', '它', '咱']);
// "不太满意" is "not very satisfied": a negator and an intensifier, which the negated-intensifier
// rule reads as a softened negation, as "not very good" in English. HowNet lists "不太" whole, as
// a negative word, which left "不太满意" scoring as 不太 (negative) plus 满意 (positive).
const ZH_NEGATED_DEGREE = '不太';

/**
 * Where to cut a Han token that glues a negator onto a word it does not belong to: after the
 * pronoun of "我不" / "他没" (so the negator is read), after the negator of "不太" (so the degree
 * word is). The length of the first part, or 0 to keep the token whole.
 */
export function gluedNegatorCut(word: string): number {
  if (word === ZH_NEGATED_DEGREE) return 1;
  return word.length >= 2 && ZH_PRONOUNS.has(word.charAt(0)) && ZH_GLUED_NEGATOR.test(word.slice(1)) ? 1 : 0;
}

const EN_DEGREE: ReadonlyArray<readonly [string, number]> = [
  ['very', 1.5], ['really', 1.5], ['so', 1.5], ['extremely', 1.8], ['super', 1.5], ['too', 1.5],
  ['incredibly', 1.8], ['absolutely', 1.8], ['totally', 1.5], ['completely', 1.5], ['highly', 1.5],
  ['truly', 1.5], ['especially', 1.5], ['exceptionally', 1.8], ['utterly', 1.8], ['most', 1.5],
  ['quite', 1.2], ['pretty', 1.2], ['slightly', 0.5], ['somewhat', 0.5], ['kinda', 0.5],
  ['a bit', 0.5], ['a little', 0.5], ['kind of', 0.5], ['sort of', 0.5], ['fairly', 0.7],
  ['mildly', 0.5], ['marginally', 0.5], ['partly', 0.5],
];
const ZH_STRENGTH = { extreme: 1.8, very: 1.5, more: 1.25, ish: 0.5 } as const;

function zhDegree(): Array<[string, number]> {
  // A word in two degree classes ("多", "还") or that is itself a sentiment word ("好", "坏")
  // cannot be read as a modifier without parsing: it stays an ordinary word.
  const seen = new Map<string, number>();
  const ambiguous = new Set<string>();
  for (const level of Object.keys(ZH_STRENGTH) as Array<keyof typeof ZH_STRENGTH>) {
    for (const word of HOWNET_DEGREE[level]) {
      if (seen.has(word) || HOWNET_WORDS.has(word)) ambiguous.add(word);
      seen.set(word, ZH_STRENGTH[level]);
    }
  }
  return [...seen].filter(([word]) => !ambiguous.has(word));
}

/** Intensifier or diminisher → multiplier for the next sentiment word (multi-word keys space-joined). */
export const DEGREE: ReadonlyMap<string, number> = new Map([...zhDegree(), ...EN_DEGREE]);
/**
 * Intl.Segmenter glues "很", "太", "最" … onto the word after them ("很快", "太低", "很喜欢"), and
 * looked up whole such a token is no lexicon word, so the degree rule never reached it. A token
 * that is an intensifier character and a HowNet opinion word, and not itself a HowNet entry
 * ("很好", "太好了" are), is read as the two. Only intensifiers (×1.5 and up): the weaker degree
 * characters begin too many plain words ("更新", "较为", "挺好" is praise, not half of it).
 * The length of the degree prefix to split off, or 0.
 */
export function gluedDegreeLength(word: string): number {
  if (word.length < 2 || (DEGREE.get(word.charAt(0)) ?? 0) < ZH_STRENGTH.very) return 0;
  return HOWNET_WORDS.has(word.slice(1)) && !HOWNET_WORDS.has(word) ? 1 : 0;
}

/**
 * "一点都不好", "一点也不满意": a diminisher ("一点") followed by 都/也 and a negator is the emphatic
 * "not at all" (HowNet's negator prefixes 一点也/一点都, which Intl.Segmenter splits apart), not a
 * softening. `following` is the text of the next tokens.
 */
const ZH_EMPHATIC_NEGATION = /^[都也](?:不|没|未|别|无)/u;
export const opensEmphaticNegation = (following: string): boolean => ZH_EMPHATIC_NEGATION.test(following);

/** First words of the two-word modifiers ("a bit", "kind of"): only these start a pair lookup. */
export const DEGREE_PAIR_STARTS: ReadonlySet<string> = new Set(
  [...DEGREE.keys()].filter((key) => key.includes(' ')).map((key) => key.split(' ')[0]!),
);

/**
 * Irrealis: an opinion word inside a wish, a condition or a modal ("it would be great if",
 * "should have been easy", "if you like loud music") describes a state that does not hold, so
 * it counts for little. A comparative there says what is missing ("could be better", "wish it
 * were cheaper", "needs clearer instructions"): it flips, weakly. The markers are the closed
 * class of English modal and wish verbs, "if" and "unless", and the request word "please" (a
 * request describes what is wanted: "please help" is no praise); their reach is the rest of the
 * clause.
 */
export const IRREALIS_FACTOR = 0.3;
export const IRREALIS_COMPARATIVE = -0.5;
const EN_IRREALIS = new Set([
  'would', 'could', 'should', "would've", "could've", "should've", 'wouldve', 'couldve', 'shouldve', 'might',
  'ought', 'if', 'unless', 'wish', 'wished', 'wishing', 'hope', 'hoped', 'hoping', 'expect', 'expected',
  'need', 'needs', 'needed', 'supposed', 'please', 'pls', 'plz',
]);
export const isIrrealisMarker = (token: string): boolean => EN_IRREALIS.has(token);
const EN_COMPARATIVES = new Set(['better', 'worse', 'more', 'less']);
const inEnglishLexicon = (word: string): boolean => AFINN_WORDS.has(word) || VADER_WORDS.has(word) || PATTERN_WORDS.has(word);
const DOUBLED_FINAL = /(\p{L})\1$/u;

/**
 * "better", "worse", "cheaper", "easier", "bigger": what a wish asks for. An -er word is a
 * comparative when its base is a lexicon word: "easier" → easy, and, if the -er word is no
 * lexicon entry itself, "cheaper" → cheap, "safer" → safe, "bigger" → big. Nouns that end in -er
 * are not: "disaster" and "suffer" have no such base, and the agent nouns whose base is one
 * ("winner" ← win, "killer" ← kill, "loser", "hater") are lexicon entries in their own right.
 */
export function isComparative(term: string): boolean {
  if (EN_COMPARATIVES.has(term)) return true;
  if (term.length < 5 || !term.endsWith('er')) return false;
  if (term.endsWith('ier') && inEnglishLexicon(`${term.slice(0, -3)}y`)) return true;
  if (inEnglishLexicon(term)) return false;
  const stem = term.slice(0, -2);
  return inEnglishLexicon(stem) || inEnglishLexicon(`${stem}e`) || (DOUBLED_FINAL.test(stem) && inEnglishLexicon(stem.slice(0, -1)));
}

/**
 * A past state: "it used to be great", "I used to love this app" say it is great no more. An
 * opinion word after "used to", to the end of the clause, counts weakly for the opposite (as a
 * wished-for comparative does). Not after a form of "be" or "get": "is used to make", "got used
 * to the menus" are other verbs.
 */
export const PAST_STATE_FACTOR = -0.5;
const EN_BE_OR_GET = new Set(['be', 'been', 'being', 'is', 'are', 'was', 'were', 'am', "i'm", "it's", 'get', 'got', 'gets', 'getting']);
export const opensPastState = (word: string, next: string | undefined, previous: string | undefined): boolean =>
  word === 'used' && next === 'to' && (previous === undefined || !EN_BE_OR_GET.has(previous));

/**
 * "no" is a determiner that negates the noun phrase after it ("no problems", "no real help"), or
 * an interjection, and then negates nothing: "no, the update broke it", "nooo it crashed again".
 * A noun phrase never starts with an article or a personal pronoun, so before one "no" is the
 * interjection.
 */
const EN_PHRASE_OPENERS = new Set([
  'the', 'this', 'that', 'these', 'those', 'it', "it's", 'its', 'i', "i'm", "i've", 'you', "you're", 'we', 'they', 'he', 'she',
  'my', 'your', 'our', 'their', 'his',
]);
export const isInterjectionNo = (negator: string, next: string | undefined): boolean =>
  negator === 'no' && next !== undefined && EN_PHRASE_OPENERS.has(next);

/** "X but Y": Y is what the writer means. */
export const CONTRAST_NEXT = new Set(['but', 'however', 'yet', '但是', '但', '可是', '不过', '然而', '只是']);
/** "Although X, Y": the clause that holds the word counts less, what follows counts more. */
export const CONTRAST_CONCESSIVE = new Set(['although', 'though', '虽然', '虽', '尽管', '虽说']);
