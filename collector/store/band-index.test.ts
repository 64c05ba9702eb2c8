import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { textBandPrint } from '../../shared/normalize-text.ts';
import { useTempStore } from '../../test/helpers/temp-store.ts';
import { WriteStatements } from './write-statements.ts';

const OPTIONS = { mergeAt: 5, chunk: 7 };
const temp = useTempStore({ bands: OPTIONS });

const text = (n: number) => `complaint number ${n}: the ${['checkout', 'login', 'search', 'invoice'][n % 4]} page keeps failing on ${n} devices`;
const print = (n: number) => textBandPrint(text(n), 'site_1')!;

/** Stores cluster n through the group writer, as the ingest path does. */
function addCluster(n: number): Promise<number> {
  return temp.store.writes.run((_trx, sql) =>
    sql.insertCluster({ site_id: 'site_1', sample: print(n).normalized, size: 1, first_seen_at: n, last_seen_at: n }, print(n).bandKeys),
  );
}

const found = (sql: WriteStatements, n: number) => sql.clusterCandidates('site_1', print(n).bandKeys, 4).map((c) => c.id);
const committed = () => {
  const reader = new SQLite(temp.file, { readonly: true });
  try {
    return {
      rows: (reader.prepare('select count(*) from duplicate_cluster_bands').pluck().get() as number),
      upto: reader.prepare('select upto from duplicate_bands_merged').pluck().get() as number,
    };
  } finally {
    reader.close();
  }
};

describe('the band index', () => {
  it('keeps new clusters in memory, writes them in sorted merges, and finds them before and after', async () => {
    const ids: number[] = [];
    for (let n = 0; n < 4; n++) ids.push(await addCluster(n));
    // Below the merge size: nothing written yet, every cluster found from memory.
    expect(committed()).toEqual({ rows: 0, upto: 0 });
    const probe = new WriteStatements(temp.store.sqlite);
    expect(probe.bands.waiting).toBe(4);

    ids.push(await addCluster(4));
    await temp.store.writes.drain();
    // The fifth cluster started a merge of all five, 7 rows a step, ending with the mark.
    expect(committed()).toEqual({ rows: 50, upto: ids[4] });
    // A restart reads the merged keys from the table (its filter is built from it).
    const restarted = new WriteStatements(temp.store.sqlite);
    expect(restarted.bands.waiting).toBe(0);
    for (let n = 0; n < 5; n++) expect(found(restarted, n)[0]).toBe(ids[n]);

    ids.push(await addCluster(5));
    await temp.store.writes.run((_trx, sql) => {
      // Merged (read from the table) and unmerged (read from memory) clusters alike.
      for (let n = 0; n < 6; n++) expect(found(sql, n)[0]).toBe(ids[n]);
      expect(sql.bands.waiting).toBe(1);
    });
  });

  it('makes the keys of unmerged clusters again on the next start, so a crash loses no cluster', async () => {
    const ids = [await addCluster(10), await addCluster(11)];
    // What a restarted process sees: the committed file, nothing of this process's memory.
    const restarted = new SQLite(temp.file);
    try {
      const sql = new WriteStatements(restarted, OPTIONS);
      expect(sql.bands.waiting).toBe(2);
      expect(found(sql, 10)[0]).toBe(ids[0]);
      expect(found(sql, 11)[0]).toBe(ids[1]);
      const unrelated = textBandPrint('客服一直不回复，我要求马上退款，否则去投诉', 'site_1')!;
      expect(sql.clusterCandidates('site_1', unrelated.bandKeys, 4)).toEqual([]);
    } finally {
      restarted.close();
    }
  });

  it('never merges the keys of a cluster whose transaction was rolled back', async () => {
    await expect(
      temp.store.writes.run((_trx, sql) => {
        sql.insertCluster({ site_id: 'site_1', sample: print(20).normalized, size: 1, first_seen_at: 1, last_seen_at: 1 }, print(20).bandKeys);
        throw new Error('the job fails after its cluster insert');
      }),
    ).rejects.toThrow('the job fails');
    for (let n = 21; n < 26; n++) await addCluster(n);
    await temp.store.writes.drain();
    const reader = new SQLite(temp.file, { readonly: true });
    const clusterIds = reader.prepare('select distinct cluster_id from duplicate_cluster_bands').pluck().all() as number[];
    const stored = reader.prepare('select id from duplicate_clusters').pluck().all() as number[];
    reader.close();
    expect(clusterIds.sort()).toEqual(stored.sort());
    expect(committed().rows).toBe(50);
  });

  it('never moves the mark past a rolled-back cluster whose id a later cluster takes', async () => {
    for (let n = 30; n < 34; n++) await addCluster(n);
    // The fifth waiting cluster is rolled back: it starts the merge, and its id is free again.
    await expect(
      temp.store.writes.run((_trx, sql) => {
        sql.insertCluster({ site_id: 'site_1', sample: print(34).normalized, size: 1, first_seen_at: 1, last_seen_at: 1 }, print(34).bandKeys);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const reused = await addCluster(35);
    await temp.store.writes.drain();
    expect(committed()).toEqual({ rows: 40, upto: reused - 1 });
    await temp.store.writes.run((_trx, sql) => {
      expect(found(sql, 35)[0]).toBe(reused);
      expect(sql.bands.waiting).toBe(1);
    });
  });

  it('finds a cluster through its other bands when one of them is shared by hundreds of clusters', async () => {
    const COMMON = 1_000_000;
    const cluster = (sample: string, keys: number[]) =>
      temp.store.writes.run((_trx, sql) => sql.insertCluster({ site_id: 'site_1', sample, size: 1, first_seen_at: 1, last_seen_at: 1 }, keys));
    await Promise.all(Array.from({ length: 300 }, (_, i) => cluster(`common ${i}`, [COMMON, 2_000_000 + i])));
    await temp.store.writes.drain();
    const keys = [COMMON, ...Array.from({ length: 9 }, (_, i) => 3_000_000 + i)];
    const id = await cluster('the one', keys);
    const best = () => temp.store.writes.run((_trx, sql) => sql.clusterCandidates('site_1', keys, 4)[0]?.id);
    // Waiting in memory (after a restart too: unmerged clusters are made again there)…
    expect(await best()).toBe(id);
    // …and merged into the table.
    for (let n = 0; n < 4; n++) await cluster(`later ${n}`, [4_000_000 + n]);
    await temp.store.writes.drain();
    expect(committed().upto).toBeGreaterThanOrEqual(id);
    expect(await best()).toBe(id);
  });
});
