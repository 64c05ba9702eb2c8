import { afterEach, describe, expect, it } from 'vitest';
import { analyzeForStorage as analyze, type TextAnalyzer, threadAnalyzer } from './text-analyzer.ts';

const TEXTS = [
  ['love it but checkout is broken', 'en'],
  ['太慢了，结账一直失败', 'zh-CN'],
  ['这个app的UI很好看 😍', undefined],
  ['', undefined],
] as const;

let analyzer: TextAnalyzer | undefined;
afterEach(async () => {
  await analyzer?.close();
});

describe('the analysis thread', () => {
  it('answers exactly what in-process analysis answers, for many requests at once, in order', async () => {
    analyzer = threadAnalyzer();
    const requests = Array.from({ length: 200 }, (_, i) => TEXTS[i % TEXTS.length]!);
    const answers = await Promise.all(requests.map(([text, locale]) => analyzer!.analyze(text, locale)));
    expect(answers).toEqual(requests.map(([text, locale]) => analyze(text, locale)));
    expect(analyzer.threaded).toBe(true);
    // What crosses threads is what the write path stores: no cues.
    expect(Object.keys(answers[0]!).sort()).toEqual(['keywords', 'label', 'language', 'sentiment']);
    // The thread compiles and loads the lexicons first: seconds on a busy two-core machine.
  }, 60_000);

  it('keeps answering in-process once the thread is gone, so no write waits for it', async () => {
    analyzer = threadAnalyzer();
    const pending = analyzer.analyze('not good at all', 'en');
    await analyzer.close();
    expect(analyzer.threaded).toBe(false);
    expect(await pending).toEqual(analyze('not good at all', 'en'));
    expect(await analyzer.analyze('非常好', 'zh-CN')).toEqual(analyze('非常好', 'zh-CN'));
  }, 60_000);
});
