import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { SubmissionSchema } from '../shared/schema/wire.ts';

/**
 * A reference target of `BENCH_FLOOR=1 npm run bench`: the least a durable ingest endpoint can
 * do on this machine, to tell what the collector's features cost apart from what a durable write
 * costs at all. The same HTTP stack and body schema as the collector; each valid submission
 * becomes one row (its JSON) in a table with no index but its unique idempotency key; the 2xx
 * waits for the commit and the fsync of the WAL, done on libuv's thread pool as in the collector.
 * None of the collector's site, origin and rate checks, spam scoring, deduplication, analysis,
 * inbox indexes or search.
 *
 * Groups commit one after another, each after the fsync of the one before: with the little work
 * a row costs here, committing while an fsync is in flight made groups of one or two rows, whose
 * WAL writes then cost more than everything else (a fourth of the throughput in a trial run).
 */
const MAX_GROUP = 256;

const dir = mkdtempSync(join(tmpdir(), 'feedloop-floor-'));
const file = join(dir, 'floor.sqlite');
const db = new SQLite(file);
db.pragma('journal_mode = wal');
db.pragma('synchronous = normal');
db.exec('create table submissions (id integer primary key, idempotency_key text not null unique, site text not null, received_at integer not null, body text not null)');
const insert = db.prepare<[string, string, number, string], { id: number }>(
  'insert into submissions (idempotency_key, site, received_at, body) values (?, ?, ?, ?) on conflict (idempotency_key) do update set id = id returning id',
);
const commitRows = db.transaction((rows: Row[]) => rows.map((row) => insert.get(row.key, row.site, Date.now(), row.body)!.id));
const wal = await open(`${file}-wal`, 'r+');

interface Row {
  key: string;
  site: string;
  body: string;
  done(result: number | Error): void;
}
let queue: Row[] = [];
let writing = false;

async function write(): Promise<void> {
  while (queue.length > 0) {
    const group = queue.splice(0, MAX_GROUP);
    try {
      const ids = commitRows(group);
      await wal.sync();
      group.forEach((row, i) => row.done(ids[i]!));
    } catch (error) {
      for (const row of group) row.done(error as Error);
    }
  }
  writing = false;
}

function store(key: string, site: string, body: string): Promise<number | Error> {
  return new Promise((done) => {
    queue.push({ key, site, body, done });
    if (writing) return;
    writing = true;
    setImmediate(write);
  });
}

const app = new Hono();
app.post('/v1/responses', async (c) => {
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text());
  } catch {
    return c.json({ error: { code: 'invalid_json' } }, 400);
  }
  const parsed = v.safeParse(SubmissionSchema, json);
  if (!parsed.success) return c.json({ error: { code: 'validation_failed' } }, 422);
  const id = await store(parsed.output.idempotencyKey, c.req.query('site') ?? '', JSON.stringify(parsed.output));
  if (id instanceof Error) return c.json({ error: { code: 'storage_failed' } }, 503);
  return c.json({ id: String(id) });
});
app.get('/healthz', (c) => c.json({ status: 'ok' }));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
process.on('SIGTERM', () => {
  server.close();
  void wal.close().then(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
