import { extractFeatures } from './features.ts';
import { extractKeywords } from './keywords.ts';
import { detectLanguage, type Language } from './language.ts';
import { type Cue, DEFAULT_MODEL, type Model, score, type SentimentLabel, toLabel, toSentiment } from './model.ts';
import { segment } from './segment.ts';

export type { Cue, SentimentLabel } from './model.ts';
export type { Language } from './language.ts';

export interface AnalyzeOptions {
  /** The page or survey locale ("zh-CN", "en"): a hint when the text alone is ambiguous. */
  locale?: string;
}

export interface Analysis {
  /** -1 (very negative) … 1 (very positive). */
  sentiment: number;
  label: SentimentLabel;
  /** Content terms of this text, most frequent first. */
  keywords: string[];
  language: Language;
  /** The words, phrases and emoji that moved the score most, strongest first. */
  cues: Cue[];
}

/** The seam: anything that maps a text to an Analysis can replace the default scorer. */
export interface Analyzer {
  analyze(text: string, options?: AnalyzeOptions): Analysis;
}

const MAX_CUES = 6;

const byStrength = (a: Cue, b: Cue): number => Math.abs(b.contribution) - Math.abs(a.contribution);
const rounded = (cue: Cue): Cue => ({ ...cue, contribution: Math.round(cue.contribution * 1000) / 1000 });

/** The analysis of a text; without `explain` its cues are left empty, and scoring makes none. */
function analyzeWith(model: Model, text: string, options: AnalyzeOptions, explain: boolean): Analysis {
  const tokens = segment(text);
  const scored = score(extractFeatures(tokens), model, explain);
  const sentiment = toSentiment(scored.z);
  return {
    sentiment,
    label: toLabel(sentiment, scored, model),
    keywords: extractKeywords(tokens),
    language: detectLanguage(text, tokens, options.locale),
    cues: explain ? scored.cues.sort(byStrength).slice(0, MAX_CUES).map(rounded) : [],
  };
}

export function createAnalyzer(model: Model = DEFAULT_MODEL): Analyzer {
  return { analyze: (text, options = {}) => analyzeWith(model, text, options, true) };
}

const defaultAnalyzer = createAnalyzer();

export const analyze = (text: string, options?: AnalyzeOptions): Analysis =>
  defaultAnalyzer.analyze(text, options);

/**
 * analyze() with its cues left empty: for the write path, which stores no cues (they explain a
 * text to a reader) and so spares every text the making, sorting and rounding of them.
 */
export const analyzeUncued = (text: string, options: AnalyzeOptions = {}): Analysis =>
  analyzeWith(DEFAULT_MODEL, text, options, false);
