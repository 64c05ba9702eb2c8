/**
 * `npx tsx bench/analysis-thread.ts`: CPU per text of the analysis thread (text-analyzer.ts
 * threadAnalyzer) when texts come as the collector sends them — a batch per turn of the event
 * loop, then a pause — next to the same texts sent back to back. In the collector at saturation
 * a batch of ~20 texts leaves every ~8 ms; between batches the thread sleeps, and on this VM a
 * thread woken from sleep runs its first texts far slower than a busy one (caches and CPU state
 * gone cold). So the same analysis costs about twice as much there as `bench/analysis-cost.ts`,
 * which times it warm. Figures come from /proc (Linux), in CPU time, not wall time.
 */
import { threadAnalyzer } from '../collector/services/analysis/text-analyzer.ts';
import { feedbackBody } from './feedback-bodies.ts';
import { threadCpuMs } from './processes.ts';

const TEXTS_PER_CONFIG = 8000;
/** [texts per batch, ms between batches]: 20 every 8 ms is the collector at ~2,500 responses/s. */
const CONFIGS: ReadonlyArray<readonly [number, number]> = [
  [5, 2],
  [20, 8],
  [80, 32],
  [200, 80],
  [20, 0],
  [200, 0],
];

const texts = Array.from({ length: 20_000 }, (_, n) => JSON.parse(feedbackBody(n).body) as { text: string; locale: string });
const analyzer = threadAnalyzer();
let next = 0;

async function send(batches: number, size: number, gapMs: number): Promise<void> {
  for (let b = 0; b < batches; b++) {
    await Promise.all(
      Array.from({ length: size }, () => {
        const { text, locale } = texts[next++ % texts.length]!;
        return analyzer.prepare(text, { locale, scope: 'site_x', analyse: true });
      }),
    );
    if (gapMs > 0) await new Promise((done) => setTimeout(done, gapMs));
  }
}

// Warm-up: the thread compiles its code and loads the lexicons.
await send(100, 50, 0);
console.log('| texts per batch | pause between batches | analysis thread, µs of CPU per text |');
console.log('| ---: | ---: | ---: |');
for (const [size, gapMs] of CONFIGS) {
  const before = threadCpuMs(process.pid);
  const batches = Math.ceil(TEXTS_PER_CONFIG / size);
  await send(batches, size, gapMs);
  const after = threadCpuMs(process.pid);
  // The analysis thread is the busiest thread other than the main one.
  let busiest = 0;
  for (const [thread, ms] of after) if (thread !== process.pid) busiest = Math.max(busiest, ms - (before.get(thread) ?? 0));
  console.log(`| ${size} | ${gapMs} ms | ${((busiest * 1000) / (batches * size)).toFixed(1)} |`);
}
await analyzer.close();
