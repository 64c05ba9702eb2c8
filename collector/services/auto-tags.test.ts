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

  // Chinese puts no space between a Latin word and the Han characters around it: that seam is a
  // word boundary, so a Latin rule still matches only whole words there.
  it.each([
    ['这个app太卡了', ['mobile']],
    ['app太卡了', ['mobile']],
    ['太卡了这个app', ['mobile']],
    ['这个App很好用', ['mobile']],
    ['アプリのappが落ちる', ['mobile']],
    ['앱app', ['mobile']],
    ['这个apps太卡了', []],
    ['请approve一下', []],
    ['我很happy', []],
    ['没法check-out了', ['checkout']],
    ['我要refund啊', ['billing']],
    ['支付app', ['mobile', 'payments']],
  ])('tags %j, a Latin word between CJK characters, as %j', (text, tags) => {
    expect(tagMatcher(rules).tagsFor(text)).toEqual(tags);
  });

  it('ignores a rule whose pattern is only punctuation', () => {
    expect(tagMatcher([{ pattern: '!!!', tag: 'loud' }]).tagsFor('wow!!!')).toEqual([]);
    // An emoji's variation selector survives normalising on its own; it must not match every emoji.
    expect(tagMatcher([{ pattern: '❤️', tag: 'love' }]).tagsFor('this is broken ☹️ again')).toEqual([]);
  });
});
