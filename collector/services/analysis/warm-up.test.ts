import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import { inProcessAnalyzer, threadAnalyzer, warmUpPrepare } from './text-analyzer.ts';
import { WARM_UP_TEXTS, warmUp, warmUpText } from './warm-up.ts';

describe('the analysis warm-up', () => {
  it('makes English, Chinese and mixed texts, with and without a locale, of several lengths', () => {
    const texts = Array.from({ length: 60 }, (_, n) => warmUpText(n));
    const languages = new Set(texts.map(({ text, locale }) => analyze(text, { locale }).language));
    expect([...languages].sort()).toEqual(['en', 'mixed', 'zh']);
    expect(new Set(texts.map((t) => t.locale))).toEqual(new Set(['en', 'zh-CN', undefined]));
    const lengths = texts.map((t) => t.text.length);
    expect(Math.min(...lengths)).toBeLessThan(10);
    expect(Math.max(...lengths)).toBeGreaterThan(60);
  });

  it('gives the analysis labels of every kind, so each path of it runs', () => {
    const labels = new Set(Array.from({ length: 120 }, (_, n) => warmUpText(n)).map(({ text, locale }) => analyze(text, { locale }).label));
    expect(labels).toEqual(new Set(['pos', 'neu', 'neg']));
  });

  it('analyses every text once, in slices that let other work run between them', async () => {
    let analysed = 0;
    let turns = 0;
    let warming = true;
    // Another task that wants the thread: it must get turns while the warm-up runs.
    const other = () => {
      if (!warming) return;
      turns++;
      setImmediate(other);
    };
    setImmediate(other);
    await warmUp(() => {
      analysed++;
      const until = performance.now() + 0.5;
      while (performance.now() < until);
    }, 60);
    warming = false;
    expect(analysed).toBe(60);
    // 60 texts of 0.5 ms in slices of at most 4 ms: several slices, the other task between them.
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('passes on an error of the analysis', async () => {
    await expect(
      warmUp(() => {
        throw new Error('broken lexicon');
      }, 10),
    ).rejects.toThrow('broken lexicon');
  });

  it('runs the real analysis over all its texts without an error', async () => {
    await expect(warmUpPrepare()).resolves.toBeUndefined();
    expect(WARM_UP_TEXTS).toBeGreaterThan(1000);
  });

  it('a thread started warm answers as the event loop would', async () => {
    const analyzer = threadAnalyzer({ warm: true });
    try {
      const options = { locale: undefined, scope: 'site_w', analyse: true };
      const texts = ['the export is broken again', '加载太慢了，但是客服很好'];
      // Two at once: a lone text would be analysed on the event loop (see threadAnalyzer's send).
      const [a, b] = await Promise.all(texts.map((text) => analyzer.prepare(text, options)));
      expect(analyzer.threaded).toBe(true);
      expect(a).toEqual(await inProcessAnalyzer.prepare(texts[0]!, options));
      expect(b).toEqual(await inProcessAnalyzer.prepare(texts[1]!, options));
    } finally {
      await analyzer.close();
    }
  });
});
