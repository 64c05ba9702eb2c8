import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CheckpointReport } from './checkpointer.ts';
import { type Store, openStore } from './open.ts';
import { insertSite } from './sites.ts';

let dir: string;
let store: Store;
const file = () => join(dir, 'feedloop.sqlite');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feedloop-checkpoint-'));
  store = await openStore(file(), { checkpointThread: true });
  await insertSite(store.db, { id: 'site_1', public_key: 'pk_1', name: 'Shop', allowed_origins: '[]', created_at: 0 });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The next report from the thread that has copied at least `frames` WAL frames. */
function copied(frames: number): Promise<CheckpointReport> {
  return new Promise((done) => {
    const stop = store.checkpointer!.onReport((report) => {
      if (report.type === 'checkpoint' && report.copied >= frames) {
        stop();
        done(report);
      }
    });
    store.checkpointer!.now();
  });
}

it('checkpoints on its own thread while the writer never does, and hands the job back when it stops', async () => {
  expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  const before = statSync(file()).size;
  await store.writes.run((trx) =>
    trx
      .insertInto('events')
      .values(Array.from({ length: 2000 }, (_, i) => ({ id: `evt_${i}`, site_id: 'site_1', type: 'impression' as const, idempotency_key: `key_${i}_padding_16`, received_at: i })))
      .execute(),
  );
  // Committed to the WAL only: the database file has not grown.
  expect(statSync(file()).size).toBe(before);
  const report = await copied(1);
  expect(report).toMatchObject({ type: 'checkpoint' });
  // The thread copied every committed frame into the database file.
  expect(report.type === 'checkpoint' && report.copied).toBe(report.type === 'checkpoint' && report.frames);
  expect(statSync(file()).size).toBeGreaterThan(before);

  await store.checkpointer!.stop();
  expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
}, 30_000);
