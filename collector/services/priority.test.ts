import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../shared/normalize-text.ts';
import { type PriorityInput, priorityOf, urgentTerms } from './priority.ts';

const NOW = Date.UTC(2026, 10, 23, 12);
const base: PriorityInput = {
  score: null,
  scale: null,
  sentiment: null,
  text: null,
  attributes: null,
  duplicateCount: null,
  spamScore: 0,
  receivedAt: NOW,
  now: NOW,
};
const codes = (input: Partial<PriorityInput>) => Object.fromEntries(priorityOf({ ...base, ...input }).reasons.map((r) => [r.code, r.points]));

describe('priorityOf', () => {
  it.each([
    ['nps', 0, 35],
    ['nps', 6, 25],
    ['nps', 7, undefined],
    ['nps', 10, undefined],
    ['csat', 2, 25],
    ['csat', 3, undefined],
    ['ces', 3, 25],
    ['ces', 4, undefined],
    ['ces', 7, undefined],
    ['thumbs', 0, 25],
    ['thumbs', 1, undefined],
    ['stars', 1, 35],
    ['stars', 5, undefined],
  ])('rates %s %i as low_rating %s', (scale, score, points) => {
    expect(codes({ scale, score }).low_rating).toBe(points);
  });

  it.each([
    ['I want a refund now', ['refund']],
    ['Please CANCEL my subscription, checkout is broken!', ['cancel', 'broken']],
    ['my lawyer will hear about this chargeback', ['lawyer', 'chargeback']],
    ['我要退款，还要投诉', ['退款', '投诉']],
    ['页面无法打开，这是骗人的', ['无法', '骗']],
    ['退货不给处理，我要报警', ['退货', '报警']],
    ['love it, but refunded once', ['refund']],
    ['the cancellation flow', ['cancel']],
    ['subroken words do not count', []],
    ['the scampi was cold and the lawyers were rude', ['lawyer']],
    ['we were scammed', ['scam']],
    ['cancelled twice, a fraudulent charge, scammers, non-refundable fees', ['cancel', 'fraud', 'scam', 'refund']],
    ['the urgently needed export is brokenish', ['urgent']],
    ['everything is fine', []],
  ])('finds urgency words in %j', (text, terms) => {
    expect(urgentTerms(text).sort()).toEqual([...terms].sort());
  });

  // No space between Chinese and a Latin word, yet the word starts there.
  it.each([
    ['我要refund', ['refund']],
    ['我要refund，马上', ['refund']],
    ['已经refunded了', ['refund']],
    ['请cancel订阅', ['cancel']],
    ['退款cancellation太慢', ['退款', 'cancel']],
    ['这个app是scam', ['scam']],
    ['我要prefund', []],
    ['app坏了nonrefundable', []],
  ])('finds urgency words glued to Chinese in %j', (text, terms) => {
    expect(urgentTerms(text).sort()).toEqual([...terms].sort());
    expect(codes({ text })).toMatchObject(Object.fromEntries(terms.map((t) => [`urgent:${t}`, 15])));
  });

  it('answers the same from a text already normalised (the write path passes its fingerprint’s)', () => {
    for (const text of ['I want a REFUND, the app is BROKEN!!', '我要退款，否则投诉', 'Ｒｅｆｕｎｄ please', 'all good, thanks']) {
      const input = { ...base, text };
      expect(priorityOf({ ...input, normalizedText: normalizeText(text) })).toEqual(priorityOf(input));
      expect(urgentTerms(text, normalizeText(text))).toEqual(urgentTerms(text));
    }
  });

  it('caps urgency at 30 points however many words match', () => {
    const reasons = priorityOf({ ...base, text: 'refund cancel broken lawyer 退款 投诉' }).reasons;
    expect(reasons.filter((r) => r.code.startsWith('urgent:')).reduce((s, r) => s + r.points, 0)).toBe(30);
  });

  it.each([
    [-1, 25],
    [-0.5, 13],
    [-0.05, undefined],
    [0.8, undefined],
  ])('scores sentiment %d as negative_text %s', (sentiment, points) => {
    expect(codes({ sentiment }).negative_text).toBe(points);
  });

  it.each([
    [{ plan: 'Enterprise' }, { plan: 10 }],
    [{ plan: 'free' }, {}],
    [{ mrr: 1000 }, { revenue: 10 }],
    [{ ARR: '120,000' }, { revenue: 15 }],
    [{ seats: 150 }, { seats: 10 }],
    [{ plan: 'pro', mrr: 100000, seats: 500 }, { plan: 10, revenue: 10 }],
    ['{"plan":"business"}', { plan: 10 }],
    [{ plan: 'Team' }, { plan: 10 }],
    [{ plan: 'pro_monthly' }, { plan: 10 }],
    [{ tier: 'BusinessAnnual' }, { plan: 10 }],
    [{ plan: 'Steam bundle' }, {}],
    [{ plan: 'professor' }, {}],
    ['not json', {}],
  ])('values customer %j', (attributes, expected) => {
    const got = codes({ attributes: attributes as PriorityInput['attributes'] });
    expect({ plan: got.plan, revenue: got.revenue, seats: got.seats }).toEqual({ plan: undefined, revenue: undefined, seats: undefined, ...expected });
  });

  it.each([
    [null, undefined],
    [1, undefined],
    [2, 5],
    [4, 10],
    [100, 15],
  ])('raises priority for a duplicate cluster of %s', (duplicateCount, points) => {
    expect(codes({ duplicateCount }).duplicates).toBe(points);
  });

  it('gives fresh responses a recency bonus that is gone after a week', () => {
    expect(codes({}).recent).toBe(5);
    expect(codes({ receivedAt: NOW - 8 * 86_400_000 }).recent).toBeUndefined();
  });

  it('lets a spam score pull an angry response down', () => {
    const angry = { scale: 'nps', score: 0, sentiment: -0.9, text: 'refund now' };
    expect(priorityOf({ ...base, ...angry, spamScore: 0.9 }).priority).toBeLessThan(priorityOf({ ...base, ...angry }).priority - 60);
  });

  it('keeps the score within 0–100 at both extremes', () => {
    const worst = priorityOf({
      ...base,
      scale: 'nps',
      score: 0,
      sentiment: -1,
      text: 'refund cancel lawyer 退款',
      attributes: { plan: 'enterprise', mrr: 50000, seats: 200 },
      duplicateCount: 50,
    });
    expect(worst.priority).toBe(100);
    expect(priorityOf({ ...base, spamScore: 1 }).priority).toBe(0);
  });
});
