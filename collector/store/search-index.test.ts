import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { useTempStore } from '../../test/helpers/temp-store.ts';
import { countPendingTexts, indexPendingBatch } from './search-index.ts';

const temp = useTempStore();

const insert = (id: string, text: string) =>
  temp.store.db
    .insertInto('responses')
    .values({
      id, site_id: 'site_1', idempotency_key: `key_${id}_0123456789`, channel: 'widget', kind: 'feedback', text,
      page_url: 'https://shop.test/', locale: 'en', device: 'desktop', browser: 'chrome', os: 'linux', received_at: 1,
    })
    .execute();
const toDocument = (text: string) => ({ body: text.toLowerCase(), chars: '' });
const matching = async (word: string) =>
  (await sql<{ response_id: string }>`select d.response_id from response_search s join response_search_docs d on d.doc = s.rowid
    where response_search match ${`body : ${word}`}`.execute(temp.store.db)).rows.map((r) => r.response_id);

it('appends to the queue on every change, and indexes a response queued twice once, with its latest text', async () => {
  await insert('rsp_a', 'The invoice page is blank');
  await insert('rsp_b', 'Love the new dashboard');
  await temp.store.db.updateTable('responses').set({ text: 'The receipt page is blank' }).where('id', '=', 'rsp_a').execute();
  const queue = await temp.store.db.selectFrom('response_search_queue').select(['seq', 'response_id']).orderBy('seq').execute();
  expect(queue.map((q) => q.response_id)).toEqual(['rsp_a', 'rsp_b', 'rsp_a']);

  expect(await indexPendingBatch(temp.store.db, 10, toDocument)).toBe(3);
  expect(await countPendingTexts(temp.store.db)).toBe(0);
  // The batch committed without its own fsync; every other write still gets one.
  expect(temp.store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  expect(await temp.store.db.selectFrom('response_search_docs').select('response_id').orderBy('response_id').execute()).toEqual([
    { response_id: 'rsp_a' },
    { response_id: 'rsp_b' },
  ]);
  expect(await matching('receipt')).toEqual(['rsp_a']);
  expect(await matching('invoice')).toEqual([]);
});

it('takes the queue in order, a batch at a time, and keeps what was queued after the batch was read', async () => {
  await insert('rsp_a', 'First text about refunds');
  await insert('rsp_b', 'Second text about shipping');
  expect(await indexPendingBatch(temp.store.db, 1, toDocument)).toBe(1);
  expect(await matching('refunds')).toEqual(['rsp_a']);
  expect(await countPendingTexts(temp.store.db)).toBe(1);
  await temp.store.db.deleteFrom('responses').where('id', '=', 'rsp_a').execute();
  expect(await indexPendingBatch(temp.store.db, 10, toDocument)).toBe(2);
  expect(await matching('refunds')).toEqual([]);
  expect(await matching('shipping')).toEqual(['rsp_b']);
  expect(await countPendingTexts(temp.store.db)).toBe(0);
});
