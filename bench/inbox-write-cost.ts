import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../collector/store/open.ts';

/**
 * What migration 0006 adds to each response write: the search-queue trigger and the inbox
 * indexes. Inserts the same rows (50 per transaction, like a busy group commit) into a store
 * with them and into one where they were dropped: `npx tsx bench/inbox-write-cost.ts`.
 */
const ROWS = 20_000;
const INBOX_OBJECTS = [
  'drop trigger response_search_insert',
  'drop index responses_inbox_priority',
  'drop index responses_inbox_status',
  'drop index responses_cluster_received',
];

async function run(withInbox: boolean): Promise<number> {
  const store = await openStore(join(mkdtempSync(join(tmpdir(), 'feedloop-write-cost-')), 'db.sqlite'));
  const { sqlite } = store;
  if (!withInbox) for (const statement of INBOX_OBJECTS) sqlite.exec(statement);
  sqlite.prepare(`insert into sites (id, public_key, name, allowed_origins, created_at) values ('s', 'pk', 'S', '[]', 0)`).run();
  const insert = sqlite.prepare(
    `insert into responses (id, site_id, idempotency_key, channel, kind, text, device, browser, os, received_at, priority, duplicate_cluster_id)
     values (?, 's', ?, 'widget', 'feedback', ?, 'desktop', 'Chrome', 'macOS', ?, ?, ?)`,
  );
  const many = sqlite.transaction((from: number) => {
    for (let i = from; i < from + 50; i++) insert.run(`rsp_${i}_${Math.random()}`, `k${i}`, `Some feedback text number ${i}`, i, i % 100, i % 3 ? i : null);
  });
  const start = performance.now();
  for (let i = 0; i < ROWS; i += 50) many(i);
  const ms = performance.now() - start;
  await store.close();
  return (ms * 1000) / ROWS;
}

// Alternating rounds, medians: the machine is shared, single runs swing by ±50%.
const without: number[] = [];
const withInbox: number[] = [];
for (let round = 0; round < 7; round++) {
  without.push(await run(false));
  withInbox.push(await run(true));
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`per row (median of 7): without 0006's trigger and indexes ${median(without).toFixed(1)} µs, with ${median(withInbox).toFixed(1)} µs`);
