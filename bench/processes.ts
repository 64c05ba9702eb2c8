import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../test/helpers/free-port.ts';
import type { LoadJob, LoadResult } from './load-generator.ts';

const root = resolve(import.meta.dirname, '..');

export interface Server {
  url: string;
  /** The process id, which is also the id of its main (event loop) thread. */
  pid: number;
  output(): string;
  /** CPU time the process has used so far (all its threads), in ms; NaN where /proc is missing. */
  cpuMs(): number;
  /** CPU time so far per thread (id → ms), the event loop's under the process id; empty where /proc is missing. */
  threadCpuMs(): Map<number, number>;
  /** The event loop's CPU time so far, in ms; NaN where /proc is missing. */
  eventLoopCpuMs(): number;
  stop(): Promise<void>;
}

/** utime + stime of a process from /proc (Linux), in ms; NaN elsewhere. */
export function processCpuMs(pid: number | undefined, statFile = `/proc/${pid}/stat`): number {
  try {
    // Fields after the command name: state is 3rd, utime 14th, stime 15th (in clock ticks).
    const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** utime + stime of each thread of a process, from /proc/<pid>/task (Linux). */
export function threadCpuMs(pid: number | undefined): Map<number, number> {
  const threads = new Map<number, number>();
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) threads.set(Number(task), processCpuMs(Number(task), `/proc/${pid}/task/${task}/stat`));
  } catch {
    // Not Linux, or the process is gone.
  }
  return threads;
}

/**
 * Runs a TypeScript entry point with tsx on a free loopback port and waits for /healthz; from
 * this checkout, or from `cwd` (another checkout, for bench/compare.ts).
 */
export async function startServer(entry: string, env: Record<string, string> = {}, cwd = root): Promise<Server> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${output}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`${entry} did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    cpuMs: () => processCpuMs(child.pid),
    threadCpuMs: () => threadCpuMs(child.pid),
    eventLoopCpuMs: () => processCpuMs(child.pid, `/proc/${child.pid}/task/${child.pid}/stat`),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface LoadGenerator {
  /** Runs one job (one target, one connection count, one duration) and answers its result. */
  load(job: LoadJob): Promise<LoadResult>;
  stop(): void;
}

/** The load generator (bench/load-generator.ts) in a child process of its own, one job at a time. */
export function forkLoadGenerator(): LoadGenerator {
  const generator = fork(new URL('./load-generator.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  generator.on('exit', (code) => {
    if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  });
  return {
    load: (job) =>
      new Promise((done) => {
        generator.once('message', (result) => done(result as LoadResult));
        generator.send(job);
      }),
    stop: () => generator.disconnect(),
  };
}

/** The origin the benches' requests carry, and the collector's PUBLIC_URL (an allowed origin). */
export const BENCH_ORIGIN = 'http://127.0.0.1';

export interface BenchCollector extends Server {
  /** The default site's public key, which the collector prints on its first start. */
  siteKey: string;
  dataDir: string;
}

/**
 * The real collector (collector/main.ts) on a fresh SQLite file in a temporary folder, from this
 * checkout or from `cwd`. Its rate limits are far above any offered load, which all comes from
 * one loopback address: the benches measure the whole durable write path, limiter included, not
 * the limiter saying no.
 */
export async function startBenchCollector(env: Record<string, string> = {}, cwd = root): Promise<BenchCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), 'feedloop-bench-'));
  const server = await startServer(
    'collector/main.ts',
    {
      DATA_DIR: dataDir,
      PUBLIC_URL: BENCH_ORIGIN,
      RATE_LIMIT_SITE_PER_MIN: '100000000',
      RATE_LIMIT_IP_PER_MIN: '100000000',
      RATE_LIMIT_CLIENT_PER_MIN: '100000000',
      ...env,
    },
    cwd,
  );
  const siteKey = /data-site="(pk_[A-Za-z0-9_-]+)"/.exec(server.output())?.[1];
  if (!siteKey) throw new Error(`no site key in the collector's output:\n${server.output()}`);
  // A started collector warms its analysis for a second or two (collector/services/analysis/
  // warm-up.ts): the benches measure the collector at work, not its start.
  await untilQuiet(server, 0, 20_000);
  return { ...server, siteKey, dataDir };
}

/**
 * Waits until a server is quiet: a 200 ms window with at most one clock tick (10 ms) of the
 * process's CPU, after at least `minMs`; gives up after `maxMs` (or at once where /proc is missing).
 */
export async function untilQuiet(server: Pick<Server, 'cpuMs'>, minMs: number, maxMs: number): Promise<void> {
  const started = performance.now();
  for (;;) {
    const before = server.cpuMs();
    await new Promise((done) => setTimeout(done, 200));
    const quiet = server.cpuMs() - before <= 10;
    const elapsed = performance.now() - started;
    if ((quiet && elapsed >= minMs) || elapsed >= maxMs || Number.isNaN(before)) return;
  }
}
