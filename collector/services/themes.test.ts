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

  // A window shorter than two weeks: the week before comes in as `before`, outside the window.
  it.each([
    ['a 7-day window', 7, [8, 9], 2, 'up'],
    ['a 7-day window, nothing the week before', 7, [], 0, 'new'],
    ['a 3-day window', 3, [8, 9], 2, 'up'],
    ['a 10-day window, last week split by the window edge', 10, [8, 12], 2, 'up'],
    ['a 7-day window, older than last week', 7, [15, 20], 0, 'new'],
  ])('counts last week for %s', (_name, windowDays, olderDays, lastWeek, trend) => {
    const corpus = [...[1, 2, 3].map((d) => doc(['crash', 'app'], d)), doc(['other', 'app'], 2)];
    const older = olderDays.map((d) => doc(['app', 'crash'], d));
    const before = [...older.filter((d) => d.receivedAt < NOW - windowDays * DAY), doc(['other'], 9)];
    const window = [...corpus, ...older.filter((d) => d.receivedAt >= NOW - windowDays * DAY)];
    const theme = buildThemes(window, NOW, windowDays, before).find((t) => t.keywords[0] === 'crash');
    expect(theme).toMatchObject({ count: 3 + window.length - corpus.length, thisWeek: 3, lastWeek, trend });
  });

  it('counts a response of the week before in one theme only, like one inside the window', () => {
    // Inside the window `login` (reach 4) takes the shared responses; `sso` keeps its own two.
    const inside = [doc(['login'], 1), doc(['login'], 2), doc(['login', 'sso'], 1), doc(['login', 'sso'], 2), doc(['sso'], 3), doc(['sso'], 3), doc(['x'], 1)];
    const before = [doc(['login'], 8), doc(['login'], 9), doc(['login', 'sso'], 8), doc(['login', 'sso'], 9), doc(['sso'], 10), doc(['sso'], 10)];
    const short = buildThemes(inside, NOW, 7, before);
    const long = buildThemes([...inside, ...before], NOW, 28);
    const view = (ts: typeof short) => ts.map((t) => [t.keywords[0], t.thisWeek, t.lastWeek, t.trend]);
    expect(view(short)).toEqual([
      ['login', 4, 4, 'flat'],
      ['sso', 2, 2, 'flat'],
    ]);
    expect(view(long)).toEqual(view(short));
  });

  it('groups the largest corpus in well under the time an admin request may hold the event loop', () => {
    // Ten big topics take every response, leaving ~40,000 incidental keywords shared by two
    // responses each: every one of them is still a candidate theme to check.
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const corpus = Array.from({ length: 20_000 }, (_, i) =>
      doc([`topic${i % 10}`, `word${Math.floor(random() * 40_000)}`, `word${Math.floor(random() * 40_000)}`], random() * 28),
    );
    const started = performance.now();
    const themes = buildThemes(corpus, NOW);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(themes.map((t) => t.count)).toEqual(Array(10).fill(2_000));
  });

  it('ignores responses outside the window and from the future', () => {
    const corpus = [doc(['late'], 40), doc(['late'], 41), doc(['late'], -1), doc(['late'], 1)];
    expect(buildThemes(corpus, NOW)).toEqual([]);
  });
});
