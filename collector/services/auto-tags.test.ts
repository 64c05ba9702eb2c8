import { describe, expect, it } from 'vitest';
import { tagMatcher } from './auto-tags.ts';

const rules = [
  { pattern: 'checkout', tag: 'checkout' },
  { pattern: 'Check out', tag: 'checkout' },
  { pattern: 'app', tag: 'mobile' },
  { pattern: '支付', tag: 'payments' },
  { pattern: 'refund', tag: 'billing' },
  { pattern: '退款', tag: 'billing' },
];

describe('tagMatcher', () => {
  it.each([
    ['The CHECKOUT button is dead', ['checkout']],
    ['could not check-out today', ['checkout']],
    ['I am happy with the app!', ['mobile']],
    ['happy', []],
    ['支付页面打不开', ['payments']],
    ['微信支付失败，要退款', ['payments', 'billing']],
    ['refund please 退款', ['billing']],
    ['', []],
  ])('tags %j as %j', (text, tags) => {
    expect(tagMatcher(rules).tagsFor(text)).toEqual(tags);
  });

  it('ignores a rule whose pattern is only punctuation', () => {
    expect(tagMatcher([{ pattern: '!!!', tag: 'loud' }]).tagsFor('wow!!!')).toEqual([]);
  });
});
