import { describe, expect, it } from 'vitest';
import { urlMatches, urlTargeted } from './url-pattern.ts';

describe('urlMatches', () => {
  it.each([
    ['/checkout/*', 'https://shop.example/checkout/done', true],
    ['/checkout/*', 'https://shop.example/cart', false],
    ['/checkout', 'https://shop.example/checkout?x=1', true],
    ['/pricing', 'https://shop.example/pricing?utm_source=mail#plans', true],
    ['/pricing', 'https://shop.example/pricing/old?utm_source=mail', false],
    ['*utm_source=mail*', 'https://shop.example/pricing?utm_source=mail', true],
    ['/checkout*', 'https://shop.example/checkout?x=1', true],
    ['*page=pricing*', 'https://shop.example/?page=pricing&a=1', true],
    ['https://shop.example/*', 'https://shop.example/a', true],
    ['https://shop.example/*', 'https://evil.example/a', false],
    ['/a.b', 'https://x.example/aXb', false],
    ['/(x)+', 'https://x.example/(x)+', true],
  ])('%s on %s → %s', (pattern, url, expected) => {
    expect(urlMatches(pattern, url)).toBe(expected);
  });

  it('includes everything without include patterns and honours excludes', () => {
    expect(urlTargeted('https://a.example/x', [], [])).toBe(true);
    expect(urlTargeted('https://a.example/admin/x', [], ['/admin/*'])).toBe(false);
    expect(urlTargeted('https://a.example/x', ['/y'], [])).toBe(false);
  });
});
