import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Store, openStore } from './open.ts';
import { countPendingTexts, indexPendingBatch } from './search-index.ts';
import { insertSite } from './sites.ts';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feedloop-search-'));
  store = await openStore(join(dir, 'feedloop.sqlite'));
  await insertSite(store.db, { id: 'site_1', public_key: 'pk_1', name: 'Shop', allowed_origins: '[]', created_at: 0 });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string, text: string) =>
  store.db
    .insertInto('responses')
    .values({
      id, site_id: 'site_1', idempotency_key: `key_${id}_0123456789`, channel: 'widget', kind: 'feedback', text,
      page_url: 'https://shop.test/', locale: 'en', device: 'desktop', browser: 'chrome', os: 'linux', received_at: 1,
    })
    .execute();
const toDocument = (text: string) => ({ body: text.toLowerCase(), chars: '' });
const matching = async (word: string) =>
  (await sql<{ response_id: string }>`select d.response_id from response_search s join response_search_docs d on d.doc = s.rowid
    where response_search match ${`body : ${word}`}`.execute(store.db)).rows.map((r) => r.response_id);

it('appends to the queue on every change, and indexes a response queued twice once, with its latest text', async () => {
  await insert('rsp_a', 'The invoice page is blank');
  await insert('rsp_b', 'Love the new dashboard');
  await store.db.updateTable('responses').set({ text: 'The receipt page is blank' }).where('id', '=', 'rsp_a').execute();
  const queue = await store.db.selectFrom('response_search_queue').select(['seq', 'response_id']).orderBy('seq').execute();
  expect(queue.map((q) => q.response_id)).toEqual(['rsp_a', 'rsp_b', 'rsp_a']);

  expect(await indexPendingBatch(store.db, 10, toDocument)).toBe(3);
  expect(await countPendingTexts(store.db)).toBe(0);
  // The batch committed without its own fsync; every other write still gets one.
  expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  expect(await store.db.selectFrom('response_search_docs').select('response_id').orderBy('response_id').execute()).toEqual([
    { response_id: 'rsp_a' },
    { response_id: 'rsp_b' },
  ]);
  expect(await matching('receipt')).toEqual(['rsp_a']);
  expect(await matching('invoice')).toEqual([]);
});

it('takes the queue in order, a batch at a time, and keeps what was queued after the batch was read', async () => {
  await insert('rsp_a', 'First text about refunds');
  await insert('rsp_b', 'Second text about shipping');
  expect(await indexPendingBatch(store.db, 1, toDocument)).toBe(1);
  expect(await matching('refunds')).toEqual(['rsp_a']);
  expect(await countPendingTexts(store.db)).toBe(1);
  await store.db.deleteFrom('responses').where('id', '=', 'rsp_a').execute();
  expect(await indexPendingBatch(store.db, 10, toDocument)).toBe(2);
  expect(await matching('refunds')).toEqual([]);
  expect(await matching('shipping')).toEqual(['rsp_b']);
  expect(await countPendingTexts(store.db)).toBe(0);
});
