import type { open as openFile } from 'node:fs/promises';
import { expect, it, vi } from 'vitest';
import { useTempStore } from '../../test/helpers/temp-store.ts';

/** How many of the next opens of a WAL file fail, as they do when the process is out of file descriptors. */
let failingOpens = 0;

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (...args: Parameters<typeof openFile>) => {
    if (String(args[0]).endsWith('-wal') && failingOpens > 0) {
      failingOpens--;
      return Promise.reject(Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' }));
    }
    return real.open(...args);
  };
  return { ...real, open, default: { ...real, open } };
});

const temp = useTempStore();

const insertEvent = (key: string) =>
  temp.store.writes.run((trx) =>
    trx
      .insertInto('events')
      .values({ id: `evt_${key}`, site_id: 'site_1', type: 'impression', idempotency_key: `key_${key}_padding_16`, received_at: 1 })
      .execute(),
  );

it('fails only the writes of the group whose WAL file could not be opened for its fsync, and syncs the next', async () => {
  failingOpens = 1;
  await expect(insertEvent('first')).rejects.toThrow(/EMFILE/);
  await expect(insertEvent('second')).resolves.toBeDefined();
});
