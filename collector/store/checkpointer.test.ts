import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/helpers/temp-store.ts';
import { type CheckpointReport, WAL_BOUND_PAGES } from './checkpointer.ts';
import type { Store } from './open.ts';

describe('the checkpoint thread', () => {
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

  it('checkpoints on its own thread, the writer only past the bound, and hands the job back when it stops', async () => {
    expect(temp.store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_BOUND_PAGES);
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
});

/** The largest WAL, in frames, the thread saw while `groups` writes were committed a few at a time, back to back. */
async function largestWal(temp: { store: Store }, groups: number): Promise<number> {
  let largest = 0;
  const stop = temp.store.checkpointer!.onReport((report) => {
    if (report.type === 'checkpoint') largest = Math.max(largest, report.frames);
  });
  const padding = 'x'.repeat(2000);
  // A few writes at a time, so they form many small groups, one committing while the last one's fsync runs.
  for (let g = 0; g < groups; g += 4) {
    await Promise.all(
      Array.from({ length: 4 }, (_, j) =>
        temp.store.writes.run((trx) =>
          trx
            .insertInto('events')
            .values({ id: `evt_${g + j}`, site_id: 'site_1', type: 'impression' as const, idempotency_key: `key_${g + j}_padding_16`, received_at: g, page_url: padding })
            .execute(),
        ),
      ),
    );
  }
  stop();
  return largest;
}

describe('under writes that never pause', () => {
  const bounded = useTempStore({ checkpointThread: { intervalMs: 2, walBoundPages: 200 } });
  it('keeps the WAL near its bound: the writer checkpoints once it is past it', async () => {
    // 205–239 frames in four runs; with the bound off (walBoundPages 0) the same writes grew the
    // WAL to 2,356–3,590 frames, since some commit always landed while the thread copied.
    expect(await largestWal(bounded, 3000)).toBeLessThan(600);
  }, 60_000);
});
