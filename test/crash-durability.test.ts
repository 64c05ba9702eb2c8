import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS, type RunningCollector, startCollector } from './e2e/support.ts';

// The acknowledgement promise, tested the hard way: the real collector process under concurrent
// load is killed with SIGKILL (no shutdown code runs), restarted on the same data folder, and
// every response it had acknowledged must be there, exactly once.
const CONNECTIONS = 32;
const ACKS_BEFORE_KILL = 300;

const dataDir = mkdtempSync(join(tmpdir(), 'feedloop-crash-'));
let running: RunningCollector | undefined;

afterAll(async () => {
  // SIGKILL: cleanup must not depend on the process shutting down nicely.
  await running?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function submission(n: number) {
  return {
    kind: 'feedback',
    idempotencyKey: `crash_key_${String(n).padStart(8, '0')}`,
    clientId: `client_crash_${n % 500}`,
    category: 'bug',
    // Every fourth text is a copy, so clustering writes happen in the same transactions.
    text: n % 4 === 0 ? 'The checkout button does nothing when I click it' : `Order ${n} was charged twice, please refund one`,
    page: { url: 'http://localhost/checkout' },
    locale: 'en',
  };
}

describe('durable acknowledgement', () => {
  it('keeps every acknowledged response, exactly once, across a SIGKILL mid-load', { timeout: 90_000 }, async () => {
    const first = await startCollector(NO_RATE_LIMITS, dataDir);
    running = first;
    const siteKey = /data-site="(pk_[A-Za-z0-9_-]+)"/.exec(first.output())![1]!;
    const acked = new Map<string, { id: string; receivedAt: number }>();
    let sent = 0;
    let killed = false;
    let kill: () => void = () => {};
    const enoughAcks = new Promise<void>((resolve) => (kill = resolve));

    async function connection(): Promise<void> {
      while (!killed) {
        const body = submission(sent++);
        try {
          const res = await fetch(`${first.url}/v1/responses?site=${siteKey}`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain', origin: first.url },
            body: JSON.stringify(body),
          });
          const ack = (await res.json()) as { id: string; receivedAt: number };
          // Acknowledged means: a 200 with its body received in full.
          if (res.status === 200) acked.set(body.idempotencyKey, ack);
          if (acked.size >= ACKS_BEFORE_KILL) kill();
        } catch {
          return; // the process is gone
        }
      }
    }

    const load = Array.from({ length: CONNECTIONS }, connection);
    await enoughAcks;
    await first.stop('SIGKILL');
    running = undefined;
    killed = true;
    await Promise.all(load);
    const acknowledged = acked.size;
    expect(acknowledged).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    const second = await startCollector(NO_RATE_LIMITS, dataDir);
    running = second;
    const db = new SQLite(join(dataDir, 'feedloop.sqlite'), { readonly: true });
    const byKey = db.prepare('select id, received_at from responses where idempotency_key = ?');
    let storedOnce = 0;
    for (const [key, ack] of acked) {
      const rows = byKey.all(key) as Array<{ id: string; received_at: number }>;
      if (rows.length === 1 && rows[0]!.id === ack.id && rows[0]!.received_at === ack.receivedAt) storedOnce++;
    }
    const total = (db.prepare('select count(*) as n from responses').get() as { n: number }).n;
    db.close();
    console.log(
      `crash test: ${acknowledged} acknowledged before SIGKILL (${sent} sent), ${storedOnce} of them stored exactly once after restart; ` +
        `${total} rows stored in all (${total - acknowledged} committed but never acknowledged)`,
    );
    expect(storedOnce).toBe(acknowledged);

    // Through the public API too: a retry of an acknowledged submission gets its original answer.
    const sample = [...acked.keys()].filter((_, i) => i % 25 === 0);
    for (const key of sample) {
      const n = Number(key.slice('crash_key_'.length));
      const res = await fetch(`${second.url}/v1/responses?site=${siteKey}`, {
        method: 'POST',
        // The site allows the origin it was created with, the first run's address.
        headers: { 'content-type': 'text/plain', origin: first.url },
        body: JSON.stringify(submission(n)),
      });
      expect(await res.json()).toEqual(acked.get(key));
    }
  });
});
