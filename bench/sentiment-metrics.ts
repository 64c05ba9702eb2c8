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
