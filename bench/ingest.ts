import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { UNANALYSED } from '../collector/store/response-analysis.ts';
import type { LoadResult } from './load-generator.ts';
import { BENCH_ORIGIN, type Server, forkLoadGenerator, startBenchCollector, startServer, untilQuiet } from './processes.ts';

/**
 * `npm run bench`: durable ingest throughput against a bare Hono endpoint on the same machine.
 * Both servers run as their own process on loopback; one load generator (a child process,
 * keep-alive node:http) drives each at 1 and 64 connections for BENCH_SECONDS each. The two
 * targets take turns in one-second slices, so whatever else the machine is doing weighs on both
 * alike; after each turn the bench waits until that server is quiet again (`settle`), and the
 * event-loop time it spent meanwhile on work the turn left (search indexing) counts against its
 * requests per second. The collector is the real one (collector/main.ts, WAL + synchronous=FULL), so every 2xx
 * it answers was committed to disk; the run ends by checking that in its SQLite file.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = [1, 64];

const generator = forkLoadGenerator();
const load = generator.load;

interface Totals {
  requests: number;
  seconds: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
  /** CPU time the server process used during its turns (all threads, with what they left to do after) and its event loop's alone. */
  cpuMs: number;
  loopMs: number;
  /** Event-loop time spent after its turns on work those turns left (see `settle`). */
  owedMs: number;
}

function add(totals: Totals, r: LoadResult): void {
  totals.requests += r.latenciesMs.length;
  totals.seconds += r.seconds;
  for (const [status, n] of Object.entries(r.statuses)) totals.statuses[status] = (totals.statuses[status] ?? 0) + n;
  for (const ms of r.latenciesMs) totals.latenciesMs.push(ms);
}

/** A server's requests per second: its turns' time plus the event-loop time they left owing. */
const rate = (t: Totals) => t.requests / (t.seconds + t.owedMs / 1000);

/** The collector indexes a turn's texts for search about a second after they arrive. */
const SETTLE_MIN_MS = 1300;
const SETTLE_MAX_MS = 4000;

/**
 * Waits, after a turn, until the server has done the work the turn left behind (the collector
 * indexes texts for search a second later, merges band keys, and analyses the texts it stored
 * without waiting for their analysis while saturated), so that work never lands in the next
 * target's turn and slows it; answers the event-loop time it took, which the turn's requests
 * still owed, and the CPU time of all the process' threads (quiet: see untilQuiet).
 */
async function settle(server: Server): Promise<{ loopMs: number; cpuMs: number }> {
  const startLoop = server.eventLoopCpuMs();
  const startCpu = server.cpuMs();
  await untilQuiet(server, SETTLE_MIN_MS, SETTLE_MAX_MS);
  const owed = server.eventLoopCpuMs() - startLoop;
  const cpu = server.cpuMs() - startCpu;
  return { loopMs: Number.isNaN(owed) ? 0 : Math.max(0, owed), cpuMs: Number.isNaN(cpu) ? 0 : Math.max(0, cpu) };
}

function line(name: string, connections: number, t: Totals): string {
  const sorted = Float64Array.from(t.latenciesMs).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const codes = Object.entries(t.statuses).map(([k, n]) => `${k}:${n}`).join(' ');
  const perRequest = (ms: number) => `${((ms / t.requests) * 1000).toFixed(0)}µs/req`;
  const cpu = Number.isNaN(t.cpuMs) ? '' : `  cpu=${perRequest(t.cpuMs)} (loop ${perRequest(t.loopMs)}, after ${perRequest(t.owedMs)})`;
  return `${name.padEnd(11)} c=${String(connections).padStart(2)}  ${rate(t).toFixed(0).padStart(6)} req/s  p50=${at(0.5).toFixed(2)}ms  p99=${at(0.99).toFixed(2)}ms${cpu}  (${codes})`;
}

// BENCH_ANALYSIS=both adds a target: the collector with ANALYSIS=off, to show in the same run
// what the ingest-time analysis costs. BENCH_FLOOR=1 adds the least a durable ingest can do
// (bench/floor-server.ts), to show what the collector's features cost beyond the durable write.
const WITH_ANALYSIS_OFF = process.env.BENCH_ANALYSIS === 'both';
const WITH_FLOOR = process.env.BENCH_FLOOR === '1';
const bare = await startServer('bench/bare-server.ts');
const collector = await startBenchCollector({ ANALYSIS: 'on' });
const plain = WITH_ANALYSIS_OFF ? await startBenchCollector({ ANALYSIS: 'off' }) : undefined;
const floor = WITH_FLOOR ? await startServer('bench/floor-server.ts') : undefined;
const siteKey = collector.siteKey;

const targets = [
  { name: 'bare', url: `${bare.url}/v1/responses?site=${siteKey}`, server: bare },
  { name: 'ingest', url: `${collector.url}/v1/responses?site=${siteKey}`, server: collector },
  ...(plain ? [{ name: 'no-analysis', url: `${plain.url}/v1/responses?site=${plain.siteKey}`, server: plain }] : []),
  ...(floor ? [{ name: 'floor', url: `${floor.url}/v1/responses?site=${siteKey}`, server: floor }] : []),
];
const rates = new Map<string, number>();
const acked: string[] = [];
let firstBody = 0;
try {
  console.log(`ingest bench: ${SECONDS} s per target and connection count, in 1 s turns; loopback only`);
  for (const connections of CONNECTIONS) {
    const totals = targets.map((): Totals => ({ requests: 0, seconds: 0, statuses: {}, latenciesMs: [], cpuMs: 0, loopMs: 0, owedMs: 0 }));
    for (let turn = 0; turn < SECONDS; turn++) {
      // Alternate who goes first, so neither always follows the other's after-effects (GC, WAL checkpoints).
      const order = targets.map((_, i) => i);
      if (turn % 2 === 1) order.reverse();
      for (const i of order) {
        const { server } = targets[i]!;
        const cpuBefore = server.cpuMs();
        const loopBefore = server.eventLoopCpuMs();
        const result = await load({ url: targets[i]!.url, origin: BENCH_ORIGIN, connections, durationMs: 1000, firstBody });
        firstBody += 1_000_000;
        add(totals[i]!, result);
        totals[i]!.cpuMs += server.cpuMs() - cpuBefore;
        totals[i]!.loopMs += server.eventLoopCpuMs() - loopBefore;
        if (targets[i]!.name === 'ingest') acked.push(...result.acked);
        const after = await settle(server);
        totals[i]!.owedMs += after.loopMs;
        totals[i]!.cpuMs += after.cpuMs;
      }
    }
    targets.forEach((target, i) => {
      console.log(line(target.name, connections, totals[i]!));
      rates.set(`${target.name}/${connections}`, rate(totals[i]!));
      rates.set(`${target.name}/${connections}/turns`, totals[i]!.requests / totals[i]!.seconds);
    });
  }
} finally {
  generator.stop();
  await bare.stop();
  await collector.stop();
  await plain?.stop();
  await floor?.stop();
}

const db = new SQLite(join(collector.dataDir, 'feedloop.sqlite'), { readonly: true });
const lookup = db.prepare('select count(*) as n from responses where idempotency_key = ?');
const stored = acked.filter((key) => (lookup.get(key) as { n: number }).n === 1).length;
// Texts stored while the collector was saturated are analysed as soon as the load allows
// (collector/services/analysis-catch-up.ts): by the end of the run none may be left waiting.
const waiting = (db.prepare(`select count(*) as n from responses where ${UNANALYSED}`).get() as { n: number }).n;
db.close();
for (const { dataDir } of [collector, ...(plain ? [plain] : [])]) rmSync(dataDir, { recursive: true, force: true });
console.log(`durable: ${acked.length} acknowledged, ${stored} of them stored exactly once after shutdown; ${waiting} texts without their analysis`);

const top = CONNECTIONS.at(-1)!;
const ratio = (name: string) => (rates.get(`${name}/${top}`)! / rates.get(`bare/${top}`)!).toFixed(2);
if (plain) {
  console.log(`analysis at ingest: ratio ${ratio('ingest')} with it, ${ratio('no-analysis')} without (ANALYSIS=off)`);
  // The same, counting only the turns: what the write path acknowledges while saturated, without
  // the work it left for after each turn (the analyses the catch-up adds then; see settle()).
  const during = (name: string) => rates.get(`${name}/${top}/turns`)!;
  console.log(
    `analysis at ingest, the turns alone: ${during('ingest').toFixed(0)} vs ${during('no-analysis').toFixed(0)} req/s (${(during('ingest') / during('no-analysis')).toFixed(2)})`,
  );
}
if (floor) console.log(`floor/bare ratio=${ratio('floor')} (one unindexed row per response, durable; no checks, scoring, dedupe or analysis)`);
console.log(`ingest/bare ratio=${ratio('ingest')}`);
if (stored !== acked.length || waiting > 0) process.exitCode = 1;
