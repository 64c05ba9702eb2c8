import type SQLite from 'better-sqlite3';
import { textBandPrint } from '../../shared/normalize-text.ts';
import { KeyFilter } from './key-filter.ts';

/**
 * Clusters read per band key and lookup, from the table and from memory each: a very common band
 * cannot turn a lookup into a scan, nor crowd out the other bands. (One limit for the whole
 * lookup let a band shared by thousands of clusters fill it, and a text's exact copy, sharing all
 * ten bands, went unfound.)
 */
const ROWS_PER_BAND = 25;
/** Table keys read into the filter per turn of the event loop. */
const FILL_CHUNK = 20_000;

export interface BandIndexOptions {
  /** Unmerged clusters that start a merge. */
  mergeAt?: number;
  /** Band rows written per merge step (one group-commit job). */
  chunk?: number;
}

interface Merge {
  /** The clusters this merge writes, and the highest of them (the mark it leaves). */
  ids: number[];
  upto: number;
  /** [band key, cluster id] pairs, sorted by key. */
  rows: Array<[number, number]>;
  next: number;
}

/**
 * The LSH band index of duplicate clusters (services/duplicates.ts): ten keys per cluster, looked
 * up by key.
 *
 * Why part of it lives in memory: band keys are hashes, so each new cluster's ten rows land on ten
 * random pages of the on-disk index, and every one of those pages is written to the WAL (4 KB
 * each) by the commit that holds it. That was the largest cost of a durable write. So a new
 * cluster's keys wait here, and once `mergeAt` clusters wait they are written sorted by key, in
 * steps of `chunk` rows (each step one job of the group writer, so ingest never waits long):
 * neighbouring keys share pages, and each page is written once per merge instead of once per key.
 *
 * Nothing is lost in a crash: the clusters themselves are written at once, and the keys of those
 * above the merged mark (`duplicate_bands_merged`, moved by a merge's last step) are made again
 * from their samples when the store opens. Lookups read both the table and memory; a Bloom filter
 * of the table's keys (store/key-filter.ts) spares the table read for a text with none of its
 * keys there, which is most texts.
 */
export class BandIndex {
  readonly #lookup: SQLite.Statement;
  readonly #insert: SQLite.Statement;
  readonly #setMark: SQLite.Statement;
  readonly #existing: SQLite.Statement;
  readonly #mergeAt: number;
  readonly #chunk: number;
  /** Keys of the clusters not merged yet, by cluster id. */
  readonly #waiting = new Map<number, readonly number[]>();
  /** The same, by key. */
  #byKey = new Map<number, number[]>();
  #merge: Merge | undefined;
  /** Clusters up to this id are in the table. */
  #mark: number;
  /** The keys in the table, so a text none of whose keys are there skips the table. */
  readonly #onDisk: KeyFilter;
  /** Until the filter holds every key of the table, every lookup reads the table. */
  #filterFilled = false;

  constructor(sqlite: SQLite.Database, options: BandIndexOptions = {}) {
    this.#mergeAt = options.mergeAt ?? 10_000;
    this.#chunk = options.chunk ?? 4_000;
    this.#lookup = sqlite
      .prepare(`select cluster_id from duplicate_cluster_bands where band_key = ? limit ${ROWS_PER_BAND}`)
      .pluck();
    this.#insert = sqlite.prepare('insert or ignore into duplicate_cluster_bands (band_key, cluster_id) values (?, ?)');
    this.#setMark = sqlite.prepare('update duplicate_bands_merged set upto = ?');
    this.#existing = sqlite.prepare('select id from duplicate_clusters where id > ? and id <= ? order by id').pluck();
    this.#mark = sqlite.prepare('select upto from duplicate_bands_merged').pluck().get() as number;
    // Sized for twice the keys of the clusters merged so far (ten each), and never under ~1.4
    // million keys. A filter grown past its size answers "perhaps" more often, never wrongly, and
    // the next start sizes it anew.
    this.#onDisk = new KeyFilter(this.#mark * 10 * 2);
    void this.#fillFilter(sqlite);
    const unmerged = sqlite.prepare('select id, site_id, sample from duplicate_clusters where id > ? order by id').iterate(this.#mark);
    for (const row of unmerged as Iterable<{ id: number; site_id: string; sample: string }>) {
      const print = textBandPrint(row.sample, row.site_id);
      if (print) this.add(row.id, print.bandKeys);
    }
  }

  /**
   * Reads the table's keys into the filter in key order, a chunk per turn of the event loop. It
   * takes about 1.2 s per million rows (measured on 2 million), which must not hold up the start;
   * a chunk takes about 10 ms. Keys that merges write meanwhile go into the filter as written.
   */
  async #fillFilter(sqlite: SQLite.Database): Promise<void> {
    const chunk = sqlite.prepare(`select band_key from duplicate_cluster_bands where band_key > ? order by band_key limit ${FILL_CHUNK}`).pluck();
    try {
      // Band keys are never negative; rows sharing a key need it only once.
      for (let after = -1; ; ) {
        const keys = chunk.all(after) as number[];
        for (const key of keys) this.#onDisk.add(key);
        if (keys.length < FILL_CHUNK) break;
        after = keys[keys.length - 1]!;
        await new Promise((next) => setImmediate(next));
      }
      this.#filterFilled = true;
    } catch {
      // The store closed first; the table is read on every lookup, as before the filter.
    }
  }

  /** Cluster ids sharing a band with `keys`, once per shared band (so more shared bands, more entries). */
  matches(keys: readonly number[]): number[] {
    const found: number[] = [];
    for (const [i, key] of keys.entries()) {
      if (keys.indexOf(key) !== i) continue;
      if (!this.#filterFilled || this.#onDisk.mayHave(key)) for (const id of this.#lookup.all(key) as number[]) found.push(id);
      const ids = this.#byKey.get(key);
      if (ids) for (const id of ids.slice(0, ROWS_PER_BAND)) found.push(id);
    }
    return found;
  }

  /** A new cluster's keys; written to disk by a later merge. */
  add(clusterId: number, keys: readonly number[]): void {
    this.#waiting.set(clusterId, keys);
    for (const key of new Set(keys)) {
      const ids = this.#byKey.get(key);
      if (ids) ids.push(clusterId);
      else this.#byKey.set(key, [clusterId]);
    }
  }

  /** Clusters whose keys wait in memory. */
  get waiting(): number {
    return this.#waiting.size;
  }

  get mergeDue(): boolean {
    return this.#waiting.size >= this.#mergeAt;
  }

  /**
   * One step of a merge, inside a write transaction: the first step decides which clusters it
   * covers, each step writes the next `chunk` rows in key order, and the last moves the mark.
   * Answers whether steps remain; after the last one commits, call `mergeCommitted`.
   */
  mergeStep(): boolean {
    this.#merge ??= this.#planMerge();
    const merge = this.#merge;
    const end = Math.min(merge.rows.length, merge.next + this.#chunk);
    for (let i = merge.next; i < end; i++) {
      const [key, id] = merge.rows[i]!;
      this.#insert.run(key, id);
      // Before the commit: if it fails, the filter only says "perhaps" for keys that are not there.
      this.#onDisk.add(key);
    }
    merge.next = end;
    if (end < merge.rows.length) return true;
    this.#setMark.run(merge.upto);
    return false;
  }

  #planMerge(): Merge {
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (const id of this.#waiting.keys()) {
      first = Math.min(first, id);
      last = Math.max(last, id);
    }
    // A cluster whose transaction was rolled back left its keys here, and its id may be given to
    // a later cluster: only stored clusters are merged, and the mark never passes the last of them.
    const ids = (this.#existing.all(first - 1, last) as number[]).filter((id) => this.#waiting.has(id));
    const rows: Array<[number, number]> = [];
    for (const id of ids) for (const key of this.#waiting.get(id)!) rows.push([key, id]);
    rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return { ids, upto: Math.max(this.#mark, ...ids.slice(-1)), rows, next: 0 };
  }

  /** The merge's last step is on disk: its clusters are looked up in the table from now on. */
  mergeCommitted(): void {
    const merged = this.#merge;
    this.#merge = undefined;
    if (!merged) return;
    this.#mark = merged.upto;
    for (const id of merged.ids) this.#waiting.delete(id);
    this.#byKey = new Map();
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const [id, keys] of waiting) this.add(id, keys);
  }

  /** A step's transaction failed: the next merge starts over (its rows are written with "or ignore"). */
  mergeFailed(): void {
    this.#merge = undefined;
  }
}
