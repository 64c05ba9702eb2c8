import { describe, expect, it } from 'vitest';
import { type ThemeDoc, buildThemes } from './themes.ts';

const NOW = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;
let n = 0;
const doc = (keywords: string[], daysAgo = 1): ThemeDoc => ({ id: `r${++n}`, receivedAt: NOW - daysAgo * DAY, keywords });

describe('buildThemes', () => {
  it('names a theme by its distinctive keyword, not by a word every response uses', () => {
    const corpus = [
      doc(['acme', 'invoice', 'pdf']),
      doc(['acme', 'invoice', 'download']),
      doc(['acme', 'invoice']),
      doc(['acme', 'login', 'google']),
      doc(['acme', 'login', 'sso']),
      doc(['acme', 'search']),
      doc(['acme', 'colors']),
    ];
    const themes = buildThemes(corpus, NOW);
    expect(themes.map((t) => t.keywords[0])).toEqual(['invoice', 'login']);
    expect(themes.map((t) => t.count)).toEqual([3, 2]);
  });

  it('counts each response in one theme only', () => {
    const corpus = [doc(['refund', 'checkout']), doc(['refund', 'checkout']), doc(['checkout', 'refund']), doc(['checkout', 'coupon']), doc(['checkout', 'coupon'])];
    const themes = buildThemes(corpus, NOW);
    expect(themes.reduce((s, t) => s + t.count, 0)).toBeLessThanOrEqual(corpus.length);
    expect(new Set(themes.flatMap((t) => t.sampleIds)).size).toBe(themes.flatMap((t) => t.sampleIds).length);
  });

  it.each([
    [[1], [8, 9, 10], 'down', 1, 3],
    [[1, 2, 3], [], 'new', 3, 0],
    [[1, 2], [8, 9], 'flat', 2, 2],
    [[1, 2, 3, 4, 5], [8, 9], 'up', 5, 2],
  ])('reads days-ago %j this week and %j last week as %s', (recent, older, trend, thisWeek, lastWeek) => {
    const corpus = [...recent.map((d) => doc(['shipping'], d)), ...older.map((d) => doc(['shipping'], d)), doc(['other'], 2)];
    const [theme] = buildThemes(corpus, NOW);
    expect(theme).toMatchObject({ keywords: ['shipping'], trend, thisWeek, lastWeek });
  });

  it('ignores responses outside the window and from the future', () => {
    const corpus = [doc(['late'], 40), doc(['late'], 41), doc(['late'], -1), doc(['late'], 1)];
    expect(buildThemes(corpus, NOW)).toEqual([]);
  });
});
