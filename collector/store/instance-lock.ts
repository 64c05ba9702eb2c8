import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

export class DataDirInUse extends Error {}

/**
 * Holds the data folder for this collector until `release` (or the process's end, when the system
 * drops the lock, a SIGKILL included). Two collectors on one folder would each keep their own
 * in-memory state over the same database — the near-duplicate band index, the rate limits — and a
 * band merge in one moves the mark past the other's unmerged clusters, so their copies are no
 * longer found after a restart. An exclusive transaction on a lock file of its own, held open, is
 * the lock; the CLIs (seed, backfill) do not take it: they are meant to run beside the collector.
 */
export function lockDataDir(dir: string): { release(): void } {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'feedloop.lock');
  // No busy wait: a held lock is an answer, not something to wait for.
  const lock = new SQLite(file, { timeout: 0 });
  try {
    lock.exec('begin exclusive');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    throw new DataDirInUse(`Another collector is already running on ${dir} (it holds ${file}). Stop it, or give this one another DATA_DIR.`);
  }
  return { release: () => lock.close() };
}
