import { statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { useTempStore } from '../../test/helpers/temp-store.ts';
import type { CheckpointReport } from './checkpointer.ts';

const temp = useTempStore({ checkpointThread: true });

/** The next report from the thread that has copied at least `frames` WAL frames. */
function copied(frames: number): Promise<CheckpointReport> {
  return new Promise((done) => {
    const stop = temp.store.checkpointer!.onReport((report) => {
      if (report.type === 'checkpoint' && report.copied >= frames) {
        stop();
        done(report);
      }
    });
    temp.store.checkpointer!.now();
  });
}

it('checkpoints on its own thread while the writer never does, and hands the job back when it stops', async () => {
  expect(temp.store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  const before = statSync(temp.file).size;
  await temp.store.writes.run((trx) =>
    trx
      .insertInto('events')
      .values(Array.from({ length: 2000 }, (_, i) => ({ id: `evt_${i}`, site_id: 'site_1', type: 'impression' as const, idempotency_key: `key_${i}_padding_16`, received_at: i })))
      .execute(),
  );
  // Committed to the WAL only: the database file has not grown.
  expect(statSync(temp.file).size).toBe(before);
  const report = await copied(1);
  expect(report).toMatchObject({ type: 'checkpoint' });
  // The thread copied every committed frame into the database file.
  expect(report.type === 'checkpoint' && report.copied).toBe(report.type === 'checkpoint' && report.frames);
  expect(statSync(temp.file).size).toBeGreaterThan(before);

  await temp.store.checkpointer!.stop();
  expect(temp.store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
}, 30_000);
