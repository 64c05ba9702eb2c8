import type { SentimentLabel } from '../collector/services/analysis/analyze.ts';

// Accuracy and macro-F1 over the classes present in the gold labels: on two-class data a 'neu'
// prediction is simply a miss (it lowers the recall of the true class), never a free pass.

export interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Share of predictions that were 'neu'. */
  neutral: number;
}

export function scoreLabels(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): Scores {
  const classes = [...new Set(gold)];
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const f1s = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === c && gold[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return {
    n: gold.length,
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / Math.max(classes.length, 1),
    neutral: predicted.filter((p) => p === 'neu').length / Math.max(predicted.length, 1),
  };
}

export const percent = (x: number): string => (100 * x).toFixed(1);

/** A small seeded generator (mulberry32): the same resamples on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Margin {
  /** Macro-F1 of `ours` minus that of `theirs` on the rows as they are. */
  margin: number;
  /** The central 95% of that margin over paired bootstrap resamples of the rows. */
  low: number;
  high: number;
}

/**
 * How far `ours` beats `theirs` in macro-F1, and how sure that is: both systems are scored on the
 * same resampled rows (a paired bootstrap), so the interval reflects which texts a set happens to
 * hold — the question a set of other texts (a hidden evaluation) asks.
 */
export function macroF1Margin(
  gold: readonly SentimentLabel[],
  ours: readonly SentimentLabel[],
  theirs: readonly SentimentLabel[],
  resamples = 1000,
  seed = 20261206,
): Margin {
  const random = seeded(seed);
  const n = gold.length;
  const margins: number[] = [];
  const g: SentimentLabel[] = new Array(n);
  const a: SentimentLabel[] = new Array(n);
  const b: SentimentLabel[] = new Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      g[i] = gold[pick]!;
      a[i] = ours[pick]!;
      b[i] = theirs[pick]!;
    }
    margins.push(scoreLabels(g, a).macroF1 - scoreLabels(g, b).macroF1);
  }
  margins.sort((x, y) => x - y);
  return {
    margin: scoreLabels(gold, ours).macroF1 - scoreLabels(gold, theirs).macroF1,
    low: margins[Math.floor(0.025 * resamples)] ?? Number.NaN,
    high: margins[Math.ceil(0.975 * resamples) - 1] ?? Number.NaN,
  };
}
