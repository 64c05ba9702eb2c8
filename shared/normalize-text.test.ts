import { describe, expect, it } from 'vitest';
import {
  BANDS,
  DUPLICATE_THRESHOLD,
  MIN_SHINGLES,
  bandKeys,
  hash32,
  jaccard,
  jaccardSorted,
  minHash,
  minHashOfHashes,
  normalizeText,
  normalizedShingles,
  shingles,
  textBandPrint,
} from './normalize-text.ts';

const similarity = (a: string, b: string) => jaccard(shingles(normalizeText(a)).set, shingles(normalizeText(b)).set);
const sharesBand = (a: string, b: string) => {
  const x = textBandPrint(a)!.bandKeys;
  return textBandPrint(b)!.bandKeys.some((key) => x.includes(key));
};
/** The definition the fast path must match: each shingle's hash32, as a signed 32-bit value. */
const shingleHashSet = (normalized: string) => new Set([...shingles(normalized).set].map((shingle) => hash32(shingle) | 0));
const sortedHashes = (set: ReadonlySet<number>) => Int32Array.from(set).sort();

describe('normalizeText', () => {
  it.each([
    ['case', 'The Checkout BUTTON', 'the checkout button'],
    ['full-width letters, digits and punctuation (NFKC)', 'ＴＨＥ　ＢＵＴＴＯＮ！１２３', 'the button 123'],
    ['half-width katakana', 'ｶﾀｶﾅ', 'カタカナ'],
    ['punctuation and symbols', 'broken!!! (again) — really?!', 'broken again really'],
    ['whitespace of every kind', '  a\t\tb\n\nc\u00a0d\u3000e  ', 'a b c d e'],
    ['emoji', 'love it 😍🎉', 'love it'],
    ['Chinese punctuation', '结账按钮，点了没有反应！', '结账按钮 点了没有反应'],
  ])('folds %s', (_what, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('keeps letters with combining marks and astral characters whole', () => {
    expect(normalizeText('Cafe\u0301 𠮷野家')).toBe('café 𠮷野家');
  });
});

describe('shingles', () => {
  it('cuts mostly-CJK text into character bigrams, ignoring spaces', () => {
    const { mode, set } = shingles(normalizeText('结账 按钮，坏了'));
    expect(mode).toBe('cjk');
    expect([...set]).toEqual(['结账', '账按', '按钮', '钮坏', '坏了']);
  });

  it('cuts other text into character 4-grams, spaces included', () => {
    const { mode, set } = shingles('no way');
    expect(mode).toBe('other');
    expect([...set]).toEqual(['no w', 'o wa', ' way']);
  });

  it('counts astral characters as one character', () => {
    expect([...shingles('𠮷野家').set]).toEqual(['𠮷野', '野家']);
  });
});

describe('near-duplicate similarity and its 0.7 threshold', () => {
  const english = 'The checkout button does nothing when I click it';
  const chinese = '结账按钮点了没有反应请尽快修复';

  it('counts copies that differ only in case, width, punctuation and spacing as identical', () => {
    expect(similarity(english, '  THE CHECKOUT BUTTON does nothing... when I click it!!!')).toBe(1);
    expect(similarity(english, 'ＴＨＥ　ＣＨＥＣＫＯＵＴ　ＢＵＴＴＯＮ does nothing when I click it')).toBe(1);
    expect(similarity(chinese, '结账按钮 点了没有反应！！请尽快修复。')).toBe(1);
  });

  it('English: one changed word stays just above the threshold', () => {
    const s = similarity(english, 'The checkout button does nothing when I tap it');
    expect(s).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(s).toBeLessThan(0.75);
  });

  it('English: a longer changed word falls just below it', () => {
    const s = similarity(english, 'The checkout button does nothing when I press it');
    expect(s).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(s).toBeGreaterThan(0.65);
  });

  it('Chinese: a small rewording stays just above, another falls just below', () => {
    const above = similarity(chinese, '结账按钮点击后没有反应请尽快修复');
    const below = similarity(chinese, '结账按钮点了没有反应请马上修复');
    expect(above).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(above).toBeLessThan(0.75);
    expect(below).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(below).toBeGreaterThan(0.6);
  });

  it('keeps different complaints about the same feature apart', () => {
    expect(similarity('The checkout button does nothing', 'The login button does nothing')).toBeLessThan(DUPLICATE_THRESHOLD);
  });
});

describe('textBandPrint', () => {
  it.each([
    ['an emoji-only text', '😍😍😍🎉🎉🎉👍👍👍👍👍👍👍👍👍👍'],
    ['a very short English text', 'great app'],
    ['a very short Chinese text', '很好用'],
    ['punctuation only', '!!!???...'],
  ])('gives none to %s: too short to tell a copy from a coincidence', (_what, text) => {
    expect(textBandPrint(text)).toBeUndefined();
  });

  it('starts at seven Chinese characters (six bigrams) and nineteen other characters (sixteen 4-grams)', () => {
    expect(textBandPrint('结账按钮坏了啊')).toBeDefined();
    expect(textBandPrint('结账按钮坏了')).toBeUndefined();
    expect(textBandPrint('checkout was broken')).toBeDefined();
    expect(textBandPrint('checkout is broken')).toBeUndefined();
  });

  it('has one band key per band, each a safe integer, the same every time', () => {
    const a = textBandPrint('The checkout button does nothing when I click it')!;
    expect(a.bandKeys).toHaveLength(BANDS);
    expect(a.bandKeys.every(Number.isSafeInteger)).toBe(true);
    const text = normalizeText('The checkout button does nothing when I click it');
    expect(bandKeys(minHash(shingles(text).set))).toEqual(a.bandKeys);
  });

  it('measures the same similarity on sorted hash arrays as on sets', () => {
    const texts = [
      'The checkout button does nothing when I click it',
      'the checkout button does nothing when I tap it!!!',
      'The login button does nothing',
      '结账按钮点了没有反应，请尽快修复',
      '结账按钮点了没反应，请修复',
      '𠮷野家 の 牛丼 is great 👍',
      'ok',
      '',
    ];
    for (const a of texts) {
      for (const b of texts) {
        const [na, nb] = [normalizeText(a), normalizeText(b)];
        expect(jaccardSorted(normalizedShingles(na), normalizedShingles(nb))).toBe(jaccard(shingleHashSet(na), shingleHashSet(nb)));
      }
    }
  });

  it('hashes the same shingles as it cuts, in English, Chinese and astral text', () => {
    for (const text of ['The checkout button does nothing', '结账按钮坏了，一直转圈', '𠮷野家 の 牛丼 is great 👍', 'ok']) {
      const normalized = normalizeText(text);
      const cut = shingles(normalized);
      const hashed = normalizedShingles(normalized);
      expect(hashed).toHaveLength(cut.set.size);
      expect(minHashOfHashes(hashed)).toEqual(minHash(cut.set));
    }
  });

  it('makes the band print the definition gives: band keys of minHash over the shingles, and their sorted hashes', () => {
    for (const text of [
      'The checkout button does nothing when I click it',
      // Repeated shingles: the set keeps one of each, so must the sorted array.
      'fix it fix it fix it fix it fix it fix it fix it',
      '结账按钮坏了，一直转圈，结账按钮坏了',
      '𠮷野家 の 牛丼 is great 👍 𠮷野家 の 牛丼',
      'ＴＨＥ　ＢＵＴＴＯＮ！ does nothing at all',
      'checkout was broken',
      'checkout is broken',
      '结账按钮坏了',
      '😍😍😍🎉🎉🎉',
      '',
    ]) {
      const normalized = normalizeText(text);
      const cut = shingles(normalized);
      const defined =
        cut.set.size < MIN_SHINGLES[cut.mode]
          ? undefined
          : { normalized, bandKeys: bandKeys(minHash(cut.set), 'site_a'), sortedShingles: sortedHashes(shingleHashSet(normalized)) };
      expect(textBandPrint(text, 'site_a')).toEqual(defined);
      // A cluster's sample is a normalised text: its shingles are made the same way.
      expect(normalizedShingles(normalized)).toEqual(sortedHashes(shingleHashSet(normalized)));
    }
  });

  it('keeps the keys of different scopes (sites) apart', () => {
    const text = 'The checkout button does nothing when I click it';
    const [a, b] = [textBandPrint(text, 'site_a')!.bandKeys, textBandPrint(text, 'site_b')!.bandKeys];
    expect(a.some((key) => b.includes(key))).toBe(false);
  });

  it('puts near-duplicates on a shared band and unrelated texts on none', () => {
    expect(sharesBand('The checkout button does nothing when I click it', 'The checkout button does nothing when I tap it')).toBe(true);
    expect(sharesBand('结账按钮点了没有反应请尽快修复', '结账按钮点击后没有反应请尽快修复')).toBe(true);
    expect(sharesBand('The checkout button does nothing when I click it', 'Please add a dark mode to the dashboard')).toBe(false);
  });
});
