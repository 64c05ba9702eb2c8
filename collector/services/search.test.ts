import { describe, expect, it } from 'vitest';
import { searchDocument, searchQuery } from './search.ts';

describe('search text', () => {
  it('cuts Chinese runs into bigrams and single characters, keeps other words whole', () => {
    expect(searchDocument('退款很慢! Refund please')).toEqual({ body: 'refund please 退款 款很 很慢', chars: '退 款 很 慢' });
    expect(searchDocument('App崩溃了')).toEqual({ body: 'app 崩溃 溃了', chars: '崩 溃 了' });
    // Full-width letters and digits are folded (NFKC), as in the duplicate fingerprints.
    expect(searchDocument('ＡＢＣ１２３').body).toBe('abc123');
  });

  it('turns a typed query into quoted FTS5 terms: CJK as a bigram phrase, words as prefixes', () => {
    expect(searchQuery('退款很慢')).toBe('body : "退款 款很 很慢"');
    expect(searchQuery('慢')).toBe('chars : "慢"');
    expect(searchQuery('Refund 退款')).toBe('body : "refund"* AND body : "退款"');
    // FTS5 operators and quotes are only text.
    expect(searchQuery('a" OR NEAR(b')).toBe('body : "a"* AND body : "or"* AND body : "near"* AND body : "b"*');
    expect(searchQuery('!!! 🙂')).toBeUndefined();
  });
});
