import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The collector's database file in DATA_DIR, for the CLIs that work on stored data (seed,
 * backfill): they refuse a folder with none rather than create an empty database there, which
 * would only hide a mistyped DATA_DIR.
 */
export function existingDatabase(dataDir: string): string {
  const file = join(resolve(dataDir), 'feedloop.sqlite');
  if (!existsSync(file)) {
    throw new Error(
      `No database at ${file}. Set DATA_DIR to the folder the collector stores feedloop.sqlite in, or run from the folder the collector runs in.`,
    );
  }
  return file;
}
