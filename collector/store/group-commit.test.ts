import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdWriteLock } from '../../test/helpers/other-writer.ts';
import type { Database } from './database.ts';
import { GroupCommit, WritesStopped } from './group-commit.ts';
import { type Store, openStore } from './open.ts';
import { insertSite } from './sites.ts';

let dir: string;
let store: Store;
let reader: SQLite.Database;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feedloop-group-'));
  store = await openStore(join(dir, 'feedloop.sqlite'));
  await insertSite(store.db, { id: 'site_1', public_key: 'pk_1', name: 'Shop', allowed_origins: '[]', created_at: 0 });
  // A second connection sees only what is committed, as a restarted process would.
  reader = new SQLite(join(dir, 'feedloop.sqlite'), { readonly: true });
});

afterEach(async () => {
  vi.useRealTimers();
  reader.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function insertEvent(trx: Kysely<Database>, key: string) {
  return trx
    .insertInto('events')
    .values({ id: `evt_${key}`, site_id: 'site_1', type: 'impression', idempotency_key: `key_${key}_padding_16`, received_at: 1 })
    .execute();
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
}

const OTHER_ROW = "insert into events (id, site_id, type, idempotency_key, received_at) values ('evt_other', 'site_1', 'impression', 'key_other_padding_16', 1)";

/** A job the way ingest writes: it reads (an idempotency check, say) before it writes. */
async function readThenInsert(trx: Kysely<Database>, key: string) {
  await trx.selectFrom('events').select('id').where('idempotency_key', '=', `key_${key}_padding_16`).execute();
  await insertEvent(trx, key);
}

const committed = (key: string) => reader.prepare('select count(*) as n from events where id = ?').get(`evt_${key}`) as { n: number };

describe('group commit', () => {
  it('commits a lone write at once, without waiting for any timer', async () => {
    // With timers frozen, a flush interval would never come; the write must not need one.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
    await store.writes.run((trx) => insertEvent(trx, 'lone'));
    expect(committed('lone').n).toBe(1);
    expect(store.writes.commits).toBe(1);
  });

  it('lets writes that arrive together share one transaction', async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.writes.run((trx) => insertEvent(trx, `w${i}`))));
    expect(store.writes.commits).toBe(1);
    expect((reader.prepare('select count(*) as n from events').get() as { n: number }).n).toBe(100);
  });

  it('puts a write queued during a commit into the next transaction', async () => {
    let queuedDuringCommit: Promise<void> | undefined;
    await store.writes.run(async (trx) => {
      await insertEvent(trx, 'first');
      // Inside the open transaction: nothing is visible to other connections yet.
      expect(committed('first').n).toBe(0);
      queuedDuringCommit = store.writes.run(async (inner) => void (await insertEvent(inner, 'second')));
    });
    expect(committed('first').n).toBe(1);
    await queuedDuringCommit;
    expect(committed('second').n).toBe(1);
    expect(store.writes.commits).toBe(2);
  });

  it('rolls back only the write that failed; the rest of its group commits', async () => {
    const results = await Promise.allSettled([
      store.writes.run((trx) => insertEvent(trx, 'good1')),
      store.writes.run(async (trx) => {
        await insertEvent(trx, 'bad');
        throw new Error('refused after writing');
      }),
      store.writes.run((trx) => insertEvent(trx, 'good2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([committed('good1').n, committed('bad').n, committed('good2').n]).toEqual([1, 0, 1]);
    expect(store.writes.commits).toBe(1);
  });

  it('acknowledges no write of a group whose commit fails', async () => {
    const results = await Promise.allSettled([
      store.writes.run((trx) => insertEvent(trx, 'innocent')),
      store.writes.run(async (trx) => {
        // A deferred foreign key is checked only at COMMIT, which therefore fails.
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await trx
          .insertInto('events')
          .values({ id: 'evt_orphan', site_id: 'no_such_site', type: 'impression', idempotency_key: 'orphan_key_1234567', received_at: 1 })
          .execute();
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(committed('innocent').n).toBe(0);
    // The writer keeps working after a failed group.
    await store.writes.run((trx) => insertEvent(trx, 'after'));
    expect(committed('after').n).toBe(1);
  });

  it('acknowledges a commit only once its fsync returns, and lets groups committed meanwhile share the next fsync', async () => {
    const syncs: Array<{ done: (error?: Error) => void }> = [];
    const writer = new GroupCommit(store.db, store.sqlite, () => new Promise<void>((resolve, reject) => syncs.push({ done: (e) => (e ? reject(e) : resolve()) })));
    const acked: string[] = [];
    const write = (key: string) => writer.run((trx) => insertEvent(trx, key)).then(() => void acked.push(key));

    const a = write('a');
    await until(() => syncs.length === 1);
    expect(committed('a').n).toBe(1); // committed and visible…
    expect(acked).toEqual([]); // …but not acknowledged before the fsync
    const b = write('b');
    await until(() => committed('b').n === 1);
    const c = write('c');
    await until(() => committed('c').n === 1);
    expect(syncs).toHaveLength(1); // b and c committed while a's fsync was running

    syncs[0]!.done();
    await a;
    expect(acked).toEqual(['a']);
    await until(() => syncs.length === 2);
    syncs[1]!.done();
    await Promise.all([b, c]);
    expect(acked).toEqual(['a', 'b', 'c']);
    expect(syncs).toHaveLength(2);
    expect(writer.commits).toBe(3);
  });

  it('acknowledges none of the writes an fsync failed to cover', async () => {
    const writer = new GroupCommit(store.db, store.sqlite, () => Promise.reject(new Error('EIO: fsync failed')));
    await expect(writer.run((trx) => insertEvent(trx, 'unsure'))).rejects.toThrow(/EIO/);
  });

  it('acknowledges nothing more after an fsync failed, even when later fsyncs succeed', async () => {
    let fail = true;
    const writer = new GroupCommit(store.db, store.sqlite, async () => {
      if (!fail) return;
      fail = false;
      throw new WritesStopped(new Error('EIO: fsync failed'));
    });
    await expect(writer.run((trx) => insertEvent(trx, 'lost'))).rejects.toThrow(WritesStopped);
    // The next fsync would succeed, but the pages the first one could not write may be gone.
    await expect(writer.run((trx) => insertEvent(trx, 'after'))).rejects.toMatchObject({ code: 'WRITES_STOPPED' });
    expect(committed('after').n).toBe(0);
  });

  it('goes on writing after a sync that failed before any fsync ran (the WAL could not be opened)', async () => {
    let fail = true;
    const writer = new GroupCommit(store.db, store.sqlite, async () => {
      if (!fail) return;
      fail = false;
      throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
    });
    await expect(writer.run((trx) => insertEvent(trx, 'unsure'))).rejects.toThrow(/EMFILE/);
    await writer.run((trx) => insertEvent(trx, 'next'));
    expect(committed('next').n).toBe(1);
  });

  it('waits for another process holding the write lock instead of failing the group', async () => {
    const other = await holdWriteLock(join(dir, 'feedloop.sqlite'), 300, OTHER_ROW);
    // A deferred transaction that has read cannot wait for the lock: SQLite answers SQLITE_BUSY at once.
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => store.writes.run((trx) => readThenInsert(trx, `j${i}`))));
    await other.released;
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(Array(5).fill('fulfilled'));
    expect(store.writes.commits).toBe(1);
    expect((reader.prepare('select count(*) as n from events').get() as { n: number }).n).toBe(6);
  });

  it('waits no longer than busy_timeout, then fails the group and goes on writing', async () => {
    store.sqlite.pragma('busy_timeout = 100');
    const other = await holdWriteLock(join(dir, 'feedloop.sqlite'), 600, OTHER_ROW);
    const started = performance.now();
    await expect(store.writes.run((trx) => readThenInsert(trx, 'late'))).rejects.toThrow(/database is locked/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    await other.released;
    await store.writes.run((trx) => readThenInsert(trx, 'after'));
    expect([committed('late').n, committed('other').n, committed('after').n]).toEqual([0, 1, 1]);
  });

  it('waits for queued writes when the store closes', async () => {
    const pending = store.writes.run((trx) => insertEvent(trx, 'late'));
    await store.writes.drain();
    await pending;
    expect(committed('late').n).toBe(1);
  });
});
