import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LONE_TEXT_MAX_CHARS, type PrepareOptions, prepareText, type TextAnalyzer, threadAnalyzer } from './text-analyzer.ts';

const TEXTS = [
  ['love it but checkout is broken', 'en'],
  ['太慢了，结账一直失败', 'zh-CN'],
  ['这个app的UI很好看 😍', undefined],
  ['', undefined],
] as const;

const options = (locale: string | undefined, analyse = true): PrepareOptions => ({ locale, scope: 'site_1', analyse });

let analyzer: TextAnalyzer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await analyzer?.close();
});

describe('the analysis thread', () => {
  it('answers exactly what in-process analysis and fingerprinting answer, for many requests at once, in order', async () => {
    analyzer = threadAnalyzer();
    const requests = Array.from({ length: 200 }, (_, i) => [...TEXTS[i % TEXTS.length]!, i % 3 !== 0] as const);
    const answers = await Promise.all(requests.map(([text, locale, analyse]) => analyzer!.prepare(text, options(locale, analyse))));
    expect(answers).toEqual(requests.map(([text, locale, analyse]) => prepareText(text, options(locale, analyse))));
    expect(analyzer.threaded).toBe(true);
    // What crosses threads is what the write path uses: no cues.
    expect(Object.keys(answers[1]!.analysis!).sort()).toEqual(['keywords', 'label', 'language', 'sentiment']);
    expect(Object.keys(answers[1]!.print!).sort()).toEqual(['bandKeys', 'normalized', 'sortedShingles']);
    // ANALYSIS=off: the fingerprint only.
    expect(answers[0]!.analysis).toBeUndefined();
    expect(answers[0]!.print?.bandKeys).toHaveLength(10);
    // The thread compiles and loads the lexicons first: seconds on a busy two-core machine.
  }, 60_000);

  it('analyses a lone text on the event loop while the thread is idle, and texts that come together on the thread', async () => {
    analyzer = threadAnalyzer();
    const sent = vi.spyOn(Worker.prototype, 'postMessage');
    const lone = await analyzer.prepare('太慢了，结账一直失败', options('zh-CN'));
    expect(lone).toEqual(prepareText('太慢了，结账一直失败', options('zh-CN')));
    expect(sent).not.toHaveBeenCalled();
    // One turn of the event loop with two texts: one message to the thread holds both.
    const pair = await Promise.all([analyzer.prepare('love it', options('en')), analyzer.prepare('hate it', options('en'))]);
    expect(pair).toEqual([prepareText('love it', options('en')), prepareText('hate it', options('en'))]);
    expect(sent).toHaveBeenCalledTimes(1);
    expect(sent.mock.calls[0]![0]).toHaveLength(2);
    // A long text goes to the thread even alone: it would hold the event loop up.
    const long = 'the export keeps failing '.repeat(Math.ceil((LONE_TEXT_MAX_CHARS + 1) / 25));
    expect(await analyzer.prepare(long, options('en'))).toEqual(prepareText(long, options('en')));
    expect(sent).toHaveBeenCalledTimes(2);
    expect(analyzer.threaded).toBe(true);
  }, 60_000);

  it('keeps answering in-process once the thread is gone, so no write waits for it', async () => {
    analyzer = threadAnalyzer();
    const pending = analyzer.prepare('not good at all', options('en'));
    await analyzer.close();
    expect(analyzer.threaded).toBe(false);
    expect(await pending).toEqual(prepareText('not good at all', options('en')));
    expect(await analyzer.prepare('非常好', options('zh-CN'))).toEqual(prepareText('非常好', options('zh-CN')));
  }, 60_000);
});

describe('a thread that stops answering', () => {
  it('has its texts stored without an analysis after the stall time, and is replaced', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    analyzer = threadAnalyzer({ stallMs: 300, script: new URL('../../../test/helpers/silent-thread.ts', import.meta.url) });
    const started = Date.now();
    // Two at once, so they go to the thread rather than being analysed here alone.
    const [a, b] = await Promise.all([
      analyzer.prepare('The checkout page freezes whenever I pay by card', options('en')),
      analyzer.prepare('结账页面一直卡住，付款失败了好几次', options('zh-CN')),
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(a).toEqual({ analysis: undefined, print: prepareText('The checkout page freezes whenever I pay by card', options('en', false)).print });
    expect(b.analysis).toBeUndefined();
    expect(b.print).toBeDefined();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('2 texts stored without analysis'));
    expect(analyzer.threaded).toBe(true);
  });
});
