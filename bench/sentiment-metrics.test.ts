import { describe, expect, it } from 'vitest';
import type { SentimentLabel } from '../collector/services/analysis/analyze.ts';
import { macroF1Margin, scoreLabels } from './sentiment-metrics.ts';

const repeat = (labels: SentimentLabel[], times: number): SentimentLabel[] => Array.from({ length: times }, () => labels).flat();

describe('scoreLabels', () => {
  it('counts a neutral answer on two-class data as a miss', () => {
    const scores = scoreLabels(['pos', 'neg', 'pos', 'neg'], ['pos', 'neg', 'neu', 'neu']);
    expect(scores.accuracy).toBe(0.5);
    expect(scores.neutral).toBe(0.5);
    // F1 of each class: 2·1 / (2·1 + 0 + 1) = 2/3.
    expect(scores.macroF1).toBeCloseTo(2 / 3, 10);
  });
});

describe('macroF1Margin', () => {
  const gold = repeat(['pos', 'neg', 'pos', 'neg', 'pos'], 100);

  it('gives the margin on the rows as they are, inside its interval', () => {
    const ours = gold.map((label, i) => (i % 10 === 0 ? 'neu' : label));
    const theirs = gold.map((label, i) => (i % 3 === 0 ? (label === 'pos' ? 'neg' : 'pos') : label));
    const { margin, low, high } = macroF1Margin(gold, ours, theirs, 400);
    expect(margin).toBeCloseTo(scoreLabels(gold, ours).macroF1 - scoreLabels(gold, theirs).macroF1, 12);
    expect(margin).toBeGreaterThan(0);
    expect(low).toBeLessThanOrEqual(margin);
    expect(high).toBeGreaterThanOrEqual(margin);
    expect(high - low).toBeGreaterThan(0);
  });

  it('is zero with no spread when both systems answer alike, and the same for the same seed', () => {
    const same = gold.map((label, i) => (i % 4 === 0 ? 'neu' : label));
    expect(macroF1Margin(gold, same, same, 200)).toEqual({ margin: 0, low: 0, high: 0 });
    const other = gold.map((label, i) => (i % 7 === 0 ? 'neu' : label));
    expect(macroF1Margin(gold, same, other, 200)).toEqual(macroF1Margin(gold, same, other, 200));
  });

  it('narrows with more rows', () => {
    const wide = (times: number) => {
      const g = repeat(['pos', 'neg'], times);
      const ours = g.map((label, i) => (i % 5 === 0 ? 'neu' : label));
      const { low, high } = macroF1Margin(g, ours, g, 300);
      return high - low;
    };
    expect(wide(500)).toBeLessThan(wide(50));
  });
});
