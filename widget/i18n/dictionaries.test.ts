import { describe, expect, it } from 'vitest';
import * as en from './en.ts';
import { pickLocale } from './locale.ts';
import * as zh from './zh-CN.ts';

describe('widget dictionaries', () => {
  it('English and Simplified Chinese have exactly the same keys, none empty', () => {
    for (const group of ['launcher', 'ui'] as const) {
      expect(Object.keys(zh[group]).sort()).toEqual(Object.keys(en[group]).sort());
      for (const text of [...Object.values(en[group]), ...Object.values(zh[group])]) expect(text.trim()).not.toBe('');
    }
  });

  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('picks %s → %s', (input, expected) => {
    expect(pickLocale(input)).toBe(expected);
  });
});
