import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type Store, type StoreOptions, openStore } from '../../collector/store/open.ts';
import { insertSite } from '../../collector/store/sites.ts';

export interface TempStore {
  /** The store of the running test: a fresh SQLite file in a temporary folder, with site `site_1`. */
  readonly store: Store;
  /** Its file's path. */
  readonly file: string;
}

/**
 * For store-level tests: registers hooks that open a fresh store before each test (one site,
 * `site_1`) and close and delete it after.
 */
export function useTempStore(options: StoreOptions = {}): TempStore {
  let dir = '';
  let store: Store | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feedloop-store-'));
    store = await openStore(join(dir, 'feedloop.sqlite'), options);
    await insertSite(store.db, { id: 'site_1', public_key: 'pk_1', name: 'Shop', allowed_origins: '[]', created_at: 0 });
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get store() {
      return store!;
    },
    get file() {
      return join(dir, 'feedloop.sqlite');
    },
  };
}
