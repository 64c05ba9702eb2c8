import { join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { backfillResponses, progressLine } from '../services/backfill.ts';
import { systemClock } from '../services/clock-ids.ts';
import { openStore } from '../store/open.ts';

/**
 * `npm run backfill [-- --site <site id>]`: re-analyses the stored responses of DATA_DIR (the
 * collector may keep running; each batch is its own short transaction). Progress goes to stderr
 * as one updating line, the summary to stdout.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--site');
  const siteId = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !siteId) throw new Error('Usage: npm run backfill [-- --site <site id>]');
  const config = loadConfig(process.env);
  const store = await openStore(join(resolve(config.dataDir), 'feedloop.sqlite'));
  const started = performance.now();
  let lastDraw = 0;
  let drawn = -1;
  const draw = (done: number, total: number, force = false) => {
    const now = performance.now();
    // Redrawn at most ten times a second: a terminal can't show more, and a pipe shouldn't fill.
    if ((!force && now - lastDraw < 100) || done === drawn) return;
    lastDraw = now;
    drawn = done;
    process.stderr.write(`\r${progressLine(done, total, now - started)}`);
  };
  try {
    let total = 0;
    const done = await backfillResponses(store.db, {
      now: systemClock.now(),
      siteId,
      onProgress: (n, t) => {
        total = t;
        draw(n, t);
      },
    });
    draw(done, total, true);
    process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    console.log(`Re-analysed ${done} responses in ${seconds.toFixed(1)} s (${Math.round(done / Math.max(seconds, 1e-3))}/s).`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
