import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../collector/store/open.ts';
import { explainInbox } from '../collector/store/inbox.ts';
import { inboxPage } from '../collector/services/inbox.ts';
import { refreshSearchIndex } from '../collector/services/search.ts';
import * as v from 'valibot';
import { InboxQuerySchema } from '../shared/schema/inbox.ts';

/**
 * Times the inbox's first page over N responses (default 1,000,000) seeded straight into a fresh
 * SQLite file: `npx tsx bench/inbox-1m.ts [N]`. Prints `<name> ms=<median of 5>` and each plan.
 */
const N = Number(process.argv[2] ?? 1_000_000);
const dir = process.env.INBOX_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'feedloop-inbox-bench-'));
const store = await openStore(join(dir, 'feedloop.sqlite'));
const { sqlite, db } = store;
const SITE = 'site_bench';
const count = (sqlite.prepare('select count(*) n from responses').get() as { n: number }).n;
if (count < N) {
  sqlite.prepare(`insert or ignore into sites (id, public_key, name, allowed_origins, created_at) values (?, 'pk_bench', 'Bench', '[]', 0)`).run(SITE);
  const insert = sqlite.prepare(
    `insert into responses (id, site_id, idempotency_key, channel, kind, category, text, score, scale, device, browser, os,
       received_at, priority, status, sentiment_label, spam_score, duplicate_cluster_id, page_url)
     values (?, ?, ?, 'widget', ?, ?, ?, ?, ?, ?, 'Chrome', 'macOS', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const words = ['checkout', 'login', 'refund', 'slow', 'great', 'price', 'search', 'mobile', '退款', '客服', '很慢', '打不开'];
  const start = Date.now() - N * 1000;
  const statuses = ['new', 'new', 'new', 'new', 'new', 'new', 'triaged', 'in_progress', 'resolved', 'closed'];
  const labels = ['pos', 'neu', 'neg'];
  for (let from = count; from < N; from += 50_000) {
    sqlite.transaction(() => {
      for (let i = from; i < Math.min(N, from + 50_000); i++) {
        const survey = i % 3 === 0;
        const text = `${words[i % 12]} ${words[(i * 7) % 12]} feedback number ${i}`;
        insert.run(
          `rsp_${i}`, SITE, `k${i}`, survey ? 'survey' : 'feedback', survey ? null : 'bug', text,
          survey ? i % 11 : null, survey ? 'nps' : null, i % 4 === 0 ? 'mobile' : 'desktop',
          start + i * 1000, (i * 37) % 101, statuses[i % 10], labels[i % 3], i % 50 === 0 ? 0.9 : 0,
          i % 20 === 0 ? (i % 1000) + 1 : null, `https://shop.example/p/${i % 100}`,
        );
      }
    })();
    process.stderr.write(`\rseeded ${Math.min(N, from + 50_000).toLocaleString()} / ${N.toLocaleString()}`);
  }
  process.stderr.write('\n');
  sqlite.exec('analyze');
}

async function time(name: string, query: Record<string, string>) {
  const parsed = v.parse(InboxQuerySchema, query);
  const runs: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    await inboxPage(db, SITE, parsed);
    runs.push(performance.now() - t);
  }
  const sorted = runs.slice(1).sort((a, b) => a - b);
  console.log(`${name} ms=${sorted[2]!.toFixed(1)}  (first ${runs[0]!.toFixed(1)})`);
}

await time('inbox newest', {});
await time('inbox priority', { sort: 'priority' });
await time('inbox status=new', { status: 'new' });
await time('inbox status=resolved', { status: 'resolved' });
await time('inbox sentiment=neg', { sentiment: 'neg' });
await time('inbox band=low', { band: 'low' });
await time('inbox priority+neg', { sort: 'priority', sentiment: 'neg' });
await time('inbox device=mobile', { device: 'mobile' });
await time('inbox page 2', { cursor: (await inboxPage(db, SITE, v.parse(InboxQuerySchema, {}))).nextCursor! });
if (process.env.SEARCH) {
  // Index every text first (a migrated store queues them all), reporting the rate.
  const t = performance.now();
  let indexed = 0;
  for (let left = 1; left > 0; ) {
    left = await refreshSearchIndex(db, 50_000);
    indexed += 50_000;
    process.stderr.write(`\rindexing: ${left.toLocaleString()} texts left, ${Math.round(indexed / ((performance.now() - t) / 1000)).toLocaleString()}/s   `);
  }
  process.stderr.write('\n');
  await time('inbox search 退款', { q: '退款' });
  await time('inbox search refund', { q: 'refund' });
  await time('inbox search rare', { q: 'feedback number 123456' });
  await time('inbox search 打不开 + neg', { q: '打不开', sentiment: 'neg' });
}
for (const [name, f, sort] of [
  ['newest', {}, 'newest'],
  ['priority', {}, 'priority'],
  ['status=new', { status: 'new' }, 'newest'],
] as const) {
  console.log(`plan ${name}:\n  ${(await explainInbox(db, { siteId: SITE, ...f }, { sort }, 51)).join('\n  ')}`);
}
await store.close();
console.log(`data in ${dir}`);
