import { describe, expect, it } from 'vitest';
import { holdWriteLock } from '../../test/helpers/other-writer.ts';
import { useTempStore } from '../../test/helpers/temp-store.ts';

const temp = useTempStore();

describe('openStore', () => {
  it('lets a transaction that reads before it writes wait for another process holding the write lock', async () => {
    const { store, file } = temp;
    const other = await holdWriteLock(file, 300);
    // Deferred, its first read would pin a snapshot and its write fail at once with SQLITE_BUSY.
    const written = store.db.transaction().execute(async (trx) => {
      const site = await trx.selectFrom('sites').select('name').where('id', '=', 'site_1').executeTakeFirstOrThrow();
      await trx.updateTable('sites').set({ name: `${site.name} (renamed)` }).where('id', '=', 'site_1').execute();
    });
    await expect(written).resolves.toBeUndefined();
    await other.released;
    expect((await store.db.selectFrom('sites').select('name').executeTakeFirstOrThrow()).name).toBe('Shop (renamed)');
  });

  it('keeps transactions all or nothing', async () => {
    const { store } = temp;
    const failed = store.db.transaction().execute(async (trx) => {
      await trx.updateTable('sites').set({ name: 'Gone' }).where('id', '=', 'site_1').execute();
      throw new Error('changed my mind');
    });
    await expect(failed).rejects.toThrow('changed my mind');
    expect((await store.db.selectFrom('sites').select('name').executeTakeFirstOrThrow()).name).toBe('Shop');
  });
});
