import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { backfillResponses, progressLine } from '../services/backfill.ts';
import { systemClock } from '../services/clock-ids.ts';
import { openStore } from '../store/open.ts';
import { findSiteById, listSites } from '../store/sites.ts';
import { existingDatabase } from './existing-database.ts';

/**
 * `npm run backfill [-- --site <site id>] [--after <response id>]`: re-analyses the stored
 * responses of DATA_DIR (the collector may keep running; each batch is its own short
 * transaction). Progress goes to stderr as one updating line, the summary to stdout. Ctrl-C or
 * SIGTERM stops it after the batch it is writing, and it says how to go on from there.
 *
 * It refuses, rather than guess, whatever would make it quietly do something else than asked:
 * a missing database (openStore would create an empty one and report "0 responses"), a site id
 * that names no site, an argument it does not know (ignored, it would process every site).
 */
const USAGE = `Usage: npm run backfill [-- --site <site id>] [--after <response id>]

Re-analyses the stored responses in DATA_DIR/feedloop.sqlite (DATA_DIR as for the collector,
./data by default): sentiment, keywords, priority and auto-tags. The collector may keep running.

  --site <site id>        only this site's responses
  --after <response id>   go on after this response (a stopped run prints the command)
  -h, --help              show this help
`;

/** Wrong arguments: answered with the usage and exit code 2. */
class UsageError extends Error {}

/** node:util's parser, strict: an unknown option, a stray word or --site without a value throws. */
function parseArguments(args: string[], env: NodeJS.ProcessEnv): { help: boolean; siteId?: string; afterId?: string } {
  // `npm run backfill --site=x` (no `--`) hands the option to npm, which passes it on only as
  // npm_config_site: the run would quietly cover every site.
  if (env.npm_config_site !== undefined && !args.some((a) => a === '--site' || a.startsWith('--site='))) {
    throw new UsageError('npm took --site for itself: put -- before it (npm run backfill -- --site <site id>).');
  }
  try {
    const { values } = parseArgs({
      args,
      options: { site: { type: 'string' }, after: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.site !== undefined && (values.site === '' || values.site.startsWith('-'))) throw new Error('--site needs a site id.');
    if (values.after !== undefined && (values.after === '' || values.after.startsWith('-'))) throw new Error('--after needs a response id.');
    return { help: values.help === true, siteId: values.site, afterId: values.after };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The progress on stderr. On a terminal, one line redrawn in place, at most ten times a second (a
 * terminal can't show more); `end()` moves past it, so what follows starts a line of its own.
 * Elsewhere (a CI log, a file) a carriage return redraws nothing: a line of its own every ten
 * seconds instead, not one endless line of redraws.
 */
function progressDisplay(started: number) {
  const { stderr } = process;
  const [interval, start, finish] = stderr.isTTY ? [100, '\r', ''] : [10_000, '', '\n'];
  let lastDraw = 0;
  let drawn = -1;
  let open = false;
  return {
    draw(done: number, total: number, force = false) {
      const now = performance.now();
      if ((!force && drawn !== -1 && now - lastDraw < interval) || done === drawn) return;
      lastDraw = now;
      drawn = done;
      open = finish === '';
      stderr.write(`${start}${progressLine(done, total, now - started)}${finish}`);
    },
    end() {
      if (open) stderr.write('\n');
      open = false;
    },
  };
}

async function main(): Promise<void> {
  const { help, siteId, afterId } = parseArguments(process.argv.slice(2), process.env);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig(process.env);
  const file = existingDatabase(config.dataDir);
  const store = await openStore(file);
  const started = performance.now();
  const progress = progressDisplay(started);
  try {
    if (siteId && !(await findSiteById(store.db, siteId))) {
      const ids = (await listSites(store.db)).map((s) => `${s.id} (${s.name})`);
      throw new Error(`No site ${JSON.stringify(siteId)} in ${file}. Its sites: ${ids.join(', ') || 'none'}.`);
    }
    // The first Ctrl-C or SIGTERM lets the batch being written finish and reports where the run
    // stopped; another one a second later ends the process at once (the open batch is then not
    // written at all). Not sooner: a Ctrl-C reaches this process twice, from the terminal and
    // forwarded by npm. (npm runs this with node --import tsx: tsx's own runner kills a process
    // whose event loop does not answer a forwarded signal within 30 ms, as during a batch.)
    const stop = new AbortController();
    let stoppingAt = 0;
    const onSignal = () => {
      if (stop.signal.aborted && performance.now() - stoppingAt > 1000) process.exit(130);
      if (stop.signal.aborted) return;
      stoppingAt = performance.now();
      stop.abort();
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    let total = 0;
    const result = await backfillResponses(store.db, {
      now: systemClock.now(),
      siteId,
      afterId,
      signal: stop.signal,
      onProgress: (n, t) => {
        total = t;
        progress.draw(n, t);
      },
    });
    const { done } = result;
    progress.draw(done, total, true);
    progress.end();
    const seconds = (performance.now() - started) / 1000;
    const summary = `Re-analysed ${done} responses in ${seconds.toFixed(1)} s (${Math.round(done / Math.max(seconds, 1e-3))}/s).`;
    if (!result.stopped) return console.log(summary);
    const again = ['npm run backfill --', ...(siteId ? ['--site', siteId] : []), ...(result.lastId ? ['--after', result.lastId] : [])].join(' ');
    console.log(`Stopped: ${summary} ${total - done} left. To go on from there: ${again}`);
    process.exitCode = 130;
  } finally {
    // An error (`database is locked`, say) must not be glued onto the progress line.
    progress.end();
    await store.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
