import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { freePort } from '../helpers/free-port.ts';

const root = resolve(import.meta.dirname, '../..');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/** Environment for a collector under load tests: rate limits far above what they send. */
export const NO_RATE_LIMITS = { RATE_LIMIT_SITE_PER_MIN: '1000000', RATE_LIMIT_IP_PER_MIN: '1000000', RATE_LIMIT_CLIENT_PER_MIN: '1000000' };

export interface RunningCollector {
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  /** The exit code once the process has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the real collector (`collector/main.ts`) as a child process on a free port and a temp
 * data dir. Pass `dataDir` to keep the data across a restart (it is then not removed on stop) and
 * `fixedPort` to come back on the same address, as a restarted server would for a page already open.
 */
export async function startCollector(env: Record<string, string> = {}, dataDir?: string, fixedPort?: number): Promise<RunningCollector> {
  const port = fixedPort ?? (await freePort());
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'feedloop-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, PUBLIC_URL: `http://localhost:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`collector exited early:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`collector did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir: dir,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      // Still running (a process killed by a signal has no exit code, only a signal code).
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      }
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
