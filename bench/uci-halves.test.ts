import { describe, expect, it } from 'vitest';
import { uciHalf, uciRows } from './uci-halves.ts';

describe('UCI halves', () => {
  const train = uciRows('train');
  const test = uciRows('test');

  it('puts every sentence in exactly one half', () => {
    const trainTexts = new Set(train.map((r) => r.text));
    expect(test.some((r) => trainTexts.has(r.text))).toBe(false);
    expect(train.length + test.length).toBe(2979);
  });

  it('splits about evenly, by source and by label', () => {
    for (const source of ['uci-amazon', 'uci-yelp', 'uci-imdb']) {
      for (const label of ['pos', 'neg']) {
        const a = train.filter((r) => r.source === source && r.label === label).length;
        const b = test.filter((r) => r.source === source && r.label === label).length;
        expect(Math.abs(a - b) / (a + b)).toBeLessThan(0.1);
      }
    }
  });

  it('decides by the text alone, not by its characters’ parity', () => {
    expect(uciHalf('Great phone.')).toBe(uciHalf('Great phone.'));
    // Plain FNV-1a would put all of these in one half: their characters' low bits sum to even.
    const halves = new Set(['aa', 'bb', 'cc', 'dd', 'ac', 'ca', 'bd', 'db', 'abab', 'cdcd'].map(uciHalf));
    expect(halves.size).toBe(2);
  });
});
