import { describe, expect, it } from 'vitest';
import { csatInterval, meanInterval, npsInterval, overlaps, t975, wilson } from './stats.ts';

const hist = (scores: number[]) => {
  const h = new Map<number, number>();
  for (const s of scores) h.set(s, (h.get(s) ?? 0) + 1);
  return h;
};

describe('NPS', () => {
  it('is %promoters − %detractors with the trinomial interval (worked by hand)', () => {
    // 5 promoters, 2 passives, 3 detractors: p = 0.5, d = 0.3, NPS = 20.
    // var = p + d − (p − d)² = 0.8 − 0.04 = 0.76; SE = √(0.76 / 10) = 0.275681; ±1.96 × 100 × SE = ±54.03.
    const r = npsInterval(hist([9, 10, 10, 9, 9, 7, 8, 0, 6, 3]));
    expect(r.n).toBe(10);
    expect(r.value).toBeCloseTo(20, 10);
    expect(r.low).toBeCloseTo(-34.03, 2);
    expect(r.high).toBeCloseTo(74.03, 2);
  });

  it('clips the interval to −100…100 and has no interval without answers', () => {
    const all = npsInterval(hist([10, 10]));
    expect(all).toMatchObject({ value: 100, low: 100, high: 100 });
    expect(npsInterval(new Map())).toEqual({ n: 0, value: null, low: null, high: null });
  });
});

describe('CSAT', () => {
  it('is the share of 4–5 answers with the Wilson interval (8 of 10 → 49.0 % … 94.3 %)', () => {
    // centre = (0.8 + 3.8415/20) / (1 + 3.8415/10) = 0.71674; half = 1.96/1.38415 × √(0.016 + 0.0096037) = 0.22658.
    const r = csatInterval(hist([5, 5, 4, 4, 4, 5, 4, 5, 2, 3]));
    expect(r.value).toBeCloseTo(80, 10);
    expect(r.low).toBeCloseTo(49.02, 2);
    expect(r.high).toBeCloseTo(94.33, 2);
  });

  it('keeps a width at 0 % and 100 %', () => {
    const none = wilson(0, 5);
    expect(none.value).toBe(0);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(43.45, 2);
  });
});

describe('CES', () => {
  it('is the mean with a t interval (2, 4, 6, 6, 7 → 5 ± 2.776 × 2/√5)', () => {
    // mean 5; squares 9 + 1 + 1 + 1 + 4 = 16; s = √(16/4) = 2; t(4) = 2.776; half = 2.4829.
    const r = meanInterval(hist([2, 4, 6, 6, 7]));
    expect(r.value).toBe(5);
    expect(r.low).toBeCloseTo(2.517, 3);
    expect(r.high).toBe(7); // 7.483 clipped to the scale
  });

  it('has no interval from one answer', () => {
    expect(meanInterval(hist([4]))).toEqual({ n: 1, value: 4, low: null, high: null });
  });

  it('moves from the t table to the normal quantile as n grows', () => {
    expect(t975(4)).toBe(2.776);
    expect(t975(60)).toBeCloseTo(2.0003, 3);
    expect(t975(100000)).toBeCloseTo(1.96, 3);
  });
});

describe('overlap', () => {
  it('says whether two intervals share any value', () => {
    expect(overlaps({ n: 1, value: 0, low: 0, high: 10 }, { n: 1, value: 0, low: 10, high: 20 })).toBe(true);
    expect(overlaps({ n: 1, value: 0, low: 0, high: 9 }, { n: 1, value: 0, low: 10, high: 20 })).toBe(false);
    expect(overlaps({ n: 0, value: null, low: null, high: null }, { n: 1, value: 0, low: 10, high: 20 })).toBe(null);
  });
});
