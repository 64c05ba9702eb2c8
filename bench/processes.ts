import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../test/helpers/free-port.ts';

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
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
