import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_ORIGIN, type BenchCollector, forkLoadGenerator, startBenchCollector } from './processes.ts';

/**
 * `npm run bench:compare -- <checkout> [<checkout>]`: the durable ingest path of two checkouts
 * (another commit in a `git worktree`, say, and this one), side by side. Each runs as its own
 * collector on a fresh SQLite file; one load generator drives them at BENCH_CONNECTIONS (64) in
 * alternating one-second turns, BENCH_TURNS (8) each, so whatever else the machine does weighs on
 * both alike — on a noisy 2-core machine a change of 10% is invisible between separate runs and
 * plain here. Per checkout: requests/s, p50 latency, and CPU per request of the event loop and of
 * all threads.
 * A checkout needs its own node_modules (a symlink to this one's will do).
 */
const checkouts = process.argv.slice(2).map((dir) => resolve(dir));
if (checkouts.length === 1) checkouts.push(resolve(import.meta.dirname, '..'));
if (checkouts.length !== 2) {
  console.error('usage: npm run bench:compare -- <checkout> [<checkout>]');
  process.exit(2);
}
const TURNS = Number(process.env.BENCH_TURNS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

const generator = forkLoadGenerator();
const load = generator.load;

interface Side {
  dir: string;
  server: BenchCollector;
  url: string;
  requests: number;
  seconds: number;
  mainMs: number;
  allMs: number;
  latenciesMs: number[];
}

const sides: Side[] = [];
let firstBody = 0;
try {
  for (const dir of checkouts) {
    const server = await startBenchCollector({}, dir);
    sides.push({ dir, server, url: `${server.url}/v1/responses?site=${server.siteKey}`, requests: 0, seconds: 0, mainMs: 0, allMs: 0, latenciesMs: [] });
  }
  const total = (threads: Map<number, number>) => [...threads.values()].reduce((a, b) => a + b, 0);
  // A warm-up turn each: JIT, page cache and the first checkpoint are not what is compared.
  for (const side of sides) await load({ url: side.url, origin: BENCH_ORIGIN, connections: CONNECTIONS, durationMs: 1500, firstBody: (firstBody += 1_000_000) });
  console.log(`compare: ${TURNS} turns of 1 s each at ${CONNECTIONS} connections, alternating`);
  for (let turn = 0; turn < TURNS; turn++) {
    for (const side of turn % 2 === 0 ? sides : [...sides].reverse()) {
      const pid = side.server.pid;
      const before = side.server.threadCpuMs();
      const result = await load({ url: side.url, origin: BENCH_ORIGIN, connections: CONNECTIONS, durationMs: 1000, firstBody: (firstBody += 1_000_000) });
      const after = side.server.threadCpuMs();
      side.requests += result.latenciesMs.length;
      for (const ms of result.latenciesMs) side.latenciesMs.push(ms);
      side.seconds += result.seconds;
      side.mainMs += (after.get(pid) ?? Number.NaN) - (before.get(pid) ?? Number.NaN);
      side.allMs += total(after) - total(before);
    }
  }
  for (const side of sides) {
    const perRequest = (ms: number) => `${((ms / side.requests) * 1000).toFixed(0)}µs/req`;
    const sorted = Float64Array.from(side.latenciesMs).sort();
    const p50 = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    console.log(
      `${side.dir}\n  ${(side.requests / side.seconds).toFixed(0)} req/s  p50=${p50.toFixed(2)}ms  event loop ${perRequest(side.mainMs)}  all threads ${perRequest(side.allMs)}`,
    );
  }
  const [a, b] = sides as [Side, Side];
  console.log(`second/first throughput: ${(b.requests / b.seconds / (a.requests / a.seconds)).toFixed(2)}`);
} finally {
  generator.stop();
  for (const side of sides) {
    await side.server.stop();
    rmSync(side.server.dataDir, { recursive: true, force: true });
  }
}
