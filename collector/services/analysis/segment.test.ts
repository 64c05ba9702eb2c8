import { describe, expect, it } from 'vitest';
import { hasRun, MAX_CHARS, segment, tokensByPattern } from './segment.ts';

const show = (text: string): string[] => segment(text).map((t) => `${t.kind}:${t.text}`);

describe('segment', () => {
  it.each([
    ['splits Chinese into words with Intl.Segmenter', '物流速度', ['han:物流', 'han:速度']],
    ['keeps a Latin brand apart from the Chinese after it', 'iPhone很好用', ['word:iphone', 'han:很好', 'han:用']],
    ['cuts an intensifier off the opinion word it is glued to', '物流很快，太低', ['han:物流', 'han:很', 'han:快', 'punct:,', 'han:太', 'han:低']],
    ['keeps whole a glued word that HowNet lists, or a weaker degree word\'s', '很好更新', ['han:很好', 'han:更新']],
    ['keeps contractions whole', "don't", ["word:don't"]],
    ['reads curly apostrophes as straight ones', 'don’t', ["word:don't"]],
    ['reads every typed apostrophe as a straight one', 'don‘t donʼt don´t', ["word:don't", "word:don't", "word:don't"]],
    ['cuts a pronoun off the negator glued to it', '我不喜欢，他没来', ['han:我', 'han:不', 'han:喜欢', 'punct:,', 'han:他', 'han:没', 'han:来']],
    ['cuts 不太 into negator and degree word', '不太满意', ['han:不', 'han:太', 'han:满意']],
    ['keeps whole a word that only ends in a negator character', '特别区别', ['han:特别', 'han:区别']],
    ['keeps an emoticon in one piece', 'fine :)', ['word:fine', 'emoticon::)']],
    ['keeps an emoji with a skin tone in one piece', '👍🏽', ['emoji:👍🏽']],
    ['keeps a run of exclamation marks together', 'wow!!!', ['word:wow', 'punct:!!!']],
    ['folds full-width letters and marks', 'ＧＯＯＤ！', ['word:good', 'punct:!']],
    ['squeezes elongated words', 'sooooo goooood', ['word:soo', 'word:good']],
    ['squeezes elongated words in any script', 'отличноооо ΚΑΛΟΟΟ', ['word:отличноо', 'word:καλοο']],
    ['skips links, e-mail addresses and @handles', '@shop see https://x.io/a :( mail a.b@x.io', ['word:see', 'emoticon::(', 'word:mail']],
    ['skips links in any case', 'HTTPS://X.IO/A see Www.Example.com/x', ['word:see']],
  ])('%s', (_, text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  it('does not read a colon inside a word as an emoticon', () => {
    expect(show('ratio 3:2')).not.toContain('emoticon:3:');
    expect(segment('ratio 3:2').some((t) => t.kind === 'emoticon')).toBe(false);
  });

  it('hasRun finds runs by a loop, and leaves characters outside the BMP to the regex', () => {
    expect(hasRun('good', 2)).toBe(true);
    expect(hasRun('good', 3)).toBe(false);
    expect(hasRun('soooo', 3)).toBe(true);
    expect(hasRun('abc', 2)).toBe(false);
    expect(hasRun('', 2)).toBe(false);
    expect(hasRun('a𐐀', 2)).toBe(true);
  });

  it('reads ASCII text by its loop exactly as the token pattern does', () => {
    // Pieces that test every rule of the loop: words, apostrophes, digits, every ASCII mark in
    // runs and mixes, elongations, capitals, whitespace, controls and symbols (some of which
    // make a text a possible emoticon, which segment() then reads by the pattern).
    const pieces = ['a', 'Zed', 'soooo', 'WOW', '42', "don't", "'", "''", 'rock', '!', '?', '.', ',', ';', ':', '~', '\n', ' ', '  ', '\t', '\r', '-', '"', '#', '$', '^', '_', '`', '|', '\u0000', '\u007f', '(', '<', '='];
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: 1 + next(12) }, () => pieces[next(pieces.length)]).join('');
      expect(segment(text), JSON.stringify(text)).toEqual(tokensByPattern(text));
    }
  });

  it('cuts Chinese into the same words as iterating Intl.Segmenter (no glued intensifier in these)', () => {
    const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
    for (const text of ['物流', '热水系统及浴室排水系统比较糟糕', '客服一直不回复我要求马上退款否则去投诉', '好', '𠮷野家牛丼很好吃']) {
      const words = [...segmenter.segment(text)].map((part) => `han:${part.segment}`);
      expect(show(text)).toEqual(words);
    }
  });

  it('cuts text longer than MAX_CHARS', () => {
    const tokens = segment('ab '.repeat(MAX_CHARS));
    expect(tokens.length).toBeLessThanOrEqual(Math.ceil(MAX_CHARS / 3) + 1);
  });

  it('returns nothing for empty or blank text', () => {
    expect(segment('')).toEqual([]);
    expect(segment('   \t ')).toEqual([]);
  });
});
