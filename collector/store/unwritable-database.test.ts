import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openStore } from './open.ts';

/** Files SQLite is to open read-only, as it does by itself for a file or mount it may not write. */
const readOnly = new Set<string>();

// Tests often run as root, whom file modes do not stop; this opens the file the way SQLite does
// when they would.
vi.mock('better-sqlite3', async (importOriginal) => {
  const { default: Real } = await importOriginal<{ default: typeof import('better-sqlite3') }>();
  class MaybeReadOnly extends Real {
    constructor(file: string, options?: ConstructorParameters<typeof Real>[1]) {
      super(file, { ...options, readonly: readOnly.has(file) || options?.readonly === true });
    }
  }
  return { default: MaybeReadOnly };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'feedloop-unwritable-'));
});
afterEach(() => {
  readOnly.clear();
  rmSync(dir, { recursive: true, force: true });
});

it('refuses to open a database it can only read, naming the file, instead of failing every write later', async () => {
  const file = join(dir, 'feedloop.sqlite');
  await (await openStore(file)).close();
  readOnly.add(file);
  await expect(openStore(file)).rejects.toThrow(`Cannot write the database ${file} (attempt to write a readonly database)`);
});

it('names the file it cannot open at all', async () => {
  // A folder where the file should be.
  await expect(openStore(dir)).rejects.toThrow(`Cannot write the database ${dir} (unable to open database file)`);
});
