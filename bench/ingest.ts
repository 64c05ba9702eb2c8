import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { LoadJob, LoadResult } from './load-generator.ts';
import { startServer } from './processes.ts';

/**
 * `npm run bench`: durable ingest throughput against a bare Hono endpoint on the same machine.
 * Both servers run as their own process on loopback; one load generator (a child process,
 * keep-alive node:http) drives each at 1 and 64 connections for BENCH_SECONDS each. The two
 * targets take turns in one-second slices, so whatever else the machine is doing weighs on both
 * alike. The collector is the real one (collector/main.ts, WAL + synchronous=FULL), so every 2xx
 * it answers was committed to disk; the run ends by checking that in its SQLite file.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = [1, 64];
const ORIGIN = 'http://127.0.0.1';

const generator = fork(new URL('./load-generator.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
generator.on('exit', (code) => {
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
});
function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((done) => {
    generator.once('message', (result) => done(result as LoadResult));
    generator.send(job);
  });
}

interface Totals {
  requests: number;
  seconds: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
}

function add(totals: Totals, r: LoadResult): void {
  totals.requests += r.latenciesMs.length;
  totals.seconds += r.seconds;
  for (const [status, n] of Object.entries(r.statuses)) totals.statuses[status] = (totals.statuses[status] ?? 0) + n;
  for (const ms of r.latenciesMs) totals.latenciesMs.push(ms);
}

function line(name: string, connections: number, t: Totals): string {
  const sorted = Float64Array.from(t.latenciesMs).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const codes = Object.entries(t.statuses).map(([k, n]) => `${k}:${n}`).join(' ');
  return `${name.padEnd(6)} c=${String(connections).padStart(2)}  ${(t.requests / t.seconds).toFixed(0).padStart(6)} req/s  p50=${at(0.5).toFixed(2)}ms  p99=${at(0.99).toFixed(2)}ms  (${codes})`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'feedloop-bench-'));
const bare = await startServer('bench/bare-server.ts');
// Limits far above the offered load, which all comes from one loopback address: the bench
// measures the whole durable write path, limiter included, not the limiter saying no.
const collector = await startServer('collector/main.ts', {
  DATA_DIR: dataDir,
  PUBLIC_URL: ORIGIN,
  RATE_LIMIT_SITE_PER_MIN: '100000000',
  RATE_LIMIT_IP_PER_MIN: '100000000',
  RATE_LIMIT_CLIENT_PER_MIN: '100000000',
});
const siteKey = /data-site="(pk_[A-Za-z0-9_-]+)"/.exec(collector.output())?.[1];
if (!siteKey) throw new Error(`no site key in the collector's output:\n${collector.output()}`);

const targets = [
  { name: 'bare', url: `${bare.url}/v1/responses?site=${siteKey}` },
  { name: 'ingest', url: `${collector.url}/v1/responses?site=${siteKey}` },
];
const rates = new Map<string, number>();
const acked: string[] = [];
let firstBody = 0;
try {
  console.log(`ingest bench: ${SECONDS} s per target and connection count, in 1 s turns; loopback only`);
  for (const connections of CONNECTIONS) {
    const totals = targets.map((): Totals => ({ requests: 0, seconds: 0, statuses: {}, latenciesMs: [] }));
    for (let turn = 0; turn < SECONDS; turn++) {
      // Alternate who goes first, so neither always follows the other's after-effects (GC, WAL checkpoints).
      const order = turn % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const result = await load({ url: targets[i]!.url, origin: ORIGIN, connections, durationMs: 1000, firstBody });
        firstBody += 1_000_000;
        add(totals[i]!, result);
        if (targets[i]!.name === 'ingest') acked.push(...result.acked);
      }
    }
    targets.forEach((target, i) => {
      console.log(line(target.name, connections, totals[i]!));
      rates.set(`${target.name}/${connections}`, totals[i]!.requests / totals[i]!.seconds);
    });
  }
} finally {
  generator.disconnect();
  await bare.stop();
  await collector.stop();
}

const db = new SQLite(join(dataDir, 'feedloop.sqlite'), { readonly: true });
const lookup = db.prepare('select count(*) as n from responses where idempotency_key = ?');
const stored = acked.filter((key) => (lookup.get(key) as { n: number }).n === 1).length;
db.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(`durable: ${acked.length} acknowledged, ${stored} of them stored exactly once after shutdown`);

const top = CONNECTIONS.at(-1)!;
console.log(`ingest/bare ratio=${(rates.get(`ingest/${top}`)! / rates.get(`bare/${top}`)!).toFixed(2)}`);
if (stored !== acked.length) process.exitCode = 1;
