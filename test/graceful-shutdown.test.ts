import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS, type RunningCollector, startCollector } from './e2e/support.ts';

// SIGTERM under load: the collector answers what is in flight, stops serving its busy keep-alive
// connections, closes the store and exits 0 — every acknowledged response stored once. And a
// second collector on the same data folder is refused while the first runs.
const CONNECTIONS = 16;
const dataDir = mkdtempSync(join(tmpdir(), 'feedloop-shutdown-'));
let running: RunningCollector | undefined;

afterAll(async () => {
  await running?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('shutdown', () => {
  it('refuses a second collector on the same data folder, then ends cleanly on SIGTERM under load', { timeout: 90_000 }, async () => {
    running = await startCollector(NO_RATE_LIMITS, dataDir);
    const { url } = running;
    const siteKey = /data-site="(pk_[A-Za-z0-9_-]+)"/.exec(running.output())![1]!;

    const second = spawnSync(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/Another collector is already running/);

    const acked = new Set<string>();
    let sent = 0;
    let stopping = false;
    let term: () => void = () => {};
    const enough = new Promise<void>((resolve) => (term = resolve));
    async function connection(): Promise<void> {
      // Keep-alive connections kept busy: what used to be served on until a forced exit.
      for (;;) {
        const key = `shutdown_key_${String(sent++).padStart(8, '0')}`;
        try {
          const res = await fetch(`${url}/v1/responses?site=${siteKey}`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain', origin: url },
            body: JSON.stringify({ kind: 'feedback', idempotencyKey: key, clientId: `client_shutdown_${sent % 50}`, category: 'bug', text: `Order ${sent} failed`, page: { url: `${url}/x` }, locale: 'en' }),
          });
          await res.json();
          if (res.status === 200) acked.add(key);
          if (acked.size >= 200) term();
        } catch {
          if (stopping) return;
        }
      }
    }
    const load = Array.from({ length: CONNECTIONS }, connection);
    await enough;
    stopping = true;
    const started = Date.now();
    await running.stop('SIGTERM');
    expect(await running.exited).toBe(0);
    // Within the grace period, not by the 5 s fallback.
    expect(Date.now() - started).toBeLessThan(4_500);
    await Promise.all(load);

    const db = new SQLite(join(dataDir, 'feedloop.sqlite'), { readonly: true });
    const stored = new Map((db.prepare("select idempotency_key as k, count(*) as n from responses where idempotency_key like 'shutdown_key_%' group by 1").all() as Array<{ k: string; n: number }>).map((r) => [r.k, r.n]));
    db.close();
    for (const key of acked) expect(stored.get(key), key).toBe(1);
  });
});
