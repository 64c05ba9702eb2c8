import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, type TestContext, feedback, postResponse } from '../../test/helpers/context.ts';
import { createApp } from '../app.ts';
import { randomIds } from '../services/clock-ids.ts';
import type { Database } from './database.ts';
import { migrationProvider } from './migrations/index.ts';
import { openStore } from './open.ts';

let dir = '';
let file = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'feedloop-upgrade-'));
  file = join(dir, 'feedloop.sqlite');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A database as an older Feedloop left it: the migrations up to `name`, then `more` (older DDL, data). */
async function oldDatabase(name: string, more: (sqlite: SQLite.Database) => void = () => {}): Promise<void> {
  const sqlite = new SQLite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  expect((await new Migrator({ db, provider: migrationProvider }).migrateTo(name)).error).toBeUndefined();
  more(sqlite);
  await db.destroy();
}

const tables = (sqlite: SQLite.Database) => sqlite.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();

describe('upgrading a database', () => {
  it('gives clusters of the first migration 0003 (text ids) integer ids, keeps their members, and a new copy joins them', async () => {
    const text = 'The checkout button does nothing when I click it on my phone, please fix this';
    await oldDatabase('0002_surveys_events', (sqlite) => {
      // Migration 0003 as it was before it was changed (commits 427e972 to 4a60e76).
      sqlite.exec(`
        alter table responses add column spam_score real default 0 not null;
        alter table responses add column spam_reasons text default '[]' not null;
        alter table responses add column duplicate_cluster_id text;
        alter table responses add column ip_hash text;
        create index responses_cluster_client on responses (duplicate_cluster_id, client_id) where duplicate_cluster_id is not null;
        create index responses_cluster_ip on responses (duplicate_cluster_id, ip_hash) where duplicate_cluster_id is not null;
        create table duplicate_clusters (id text primary key, site_id text not null references sites (id), sample text not null,
          size integer not null, first_seen_at integer not null, last_seen_at integer not null);
        create table duplicate_cluster_bands (site_id text not null, band_key integer not null, cluster_id text not null,
          constraint duplicate_cluster_bands_pk primary key (site_id, band_key, cluster_id)) without rowid;
        create table ip_salts (day text primary key, salt text not null);
        insert into sites (id, public_key, name, allowed_origins, created_at, settings, updated_at)
          values ('site_1', 'pk_old', 'Shop', '["${ORIGIN}"]', 1, '{}', 1);
        insert into duplicate_clusters values
          ('dup_later', 'site_1', 'delivery took three weeks and nobody answered my emails', 1, 2000, 2000),
          ('dup_first', 'site_1', 'the checkout button does nothing when i click it on my phone please fix this', 2, 1000, 1500);
        insert into duplicate_cluster_bands values ('site_1', 42, 'dup_first');
      `);
      sqlite.prepare("insert into kysely_migration (name, timestamp) values ('0003_dedupe_spam_privacy', ?)").run(new Date().toISOString());
      const insert = sqlite.prepare(`insert into responses (id, site_id, idempotency_key, channel, kind, category, text, device, browser, os,
        client_id, received_at, duplicate_cluster_id) values (?, 'site_1', ?, 'widget', 'feedback', 'bug', ?, 'desktop', 'safari', 'macos', ?, ?, ?)`);
      insert.run('rsp_a', 'key_a_aaaaaaaaaaaaaa', text, 'client_aaaaaaaa', 1000, 'dup_first');
      insert.run('rsp_b', 'key_b_aaaaaaaaaaaaaa', `${text}!`, 'client_bbbbbbbb', 1500, 'dup_first');
      insert.run('rsp_c', 'key_c_aaaaaaaaaaaaaa', 'Delivery took three weeks and nobody answered my emails', 'client_cccccccc', 2000, 'dup_later');
    });

    const store = await openStore(file);
    try {
      const clusters = store.sqlite.prepare('select id, typeof(id) as type, size, sample from duplicate_clusters order by id').all();
      expect(clusters).toEqual([
        { id: 1, type: 'integer', size: 2, sample: expect.stringContaining('checkout') },
        { id: 2, type: 'integer', size: 1, sample: expect.stringContaining('delivery') },
      ]);
      const links = await store.db.selectFrom('responses').select(['id', 'duplicate_cluster_id']).orderBy('id').execute();
      expect(links).toEqual([
        { id: 'rsp_a', duplicate_cluster_id: 1 },
        { id: 'rsp_b', duplicate_cluster_id: 1 },
        { id: 'rsp_c', duplicate_cluster_id: 2 },
      ]);
      expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

      const config = {
        publicUrl: ORIGIN,
        port: 8787,
        adminEmail: 'admin@example.test',
        adminPassword: 'correct horse battery',
        maxBodyBytes: 65536,
        cookieSecure: 'auto' as const,
        trustProxy: 0,
        rateLimits: { site: 6000, ip: 120, client: 30 },
      };
      const app = createApp({ store, clock: { now: () => 3000 }, ids: randomIds, config, assets: { widget: dir, admin: dir, examples: dir } });
      const site = await store.db.selectFrom('sites').selectAll().executeTakeFirstOrThrow();
      const ctx = { app, site } as unknown as TestContext;
      const retry = await postResponse(ctx, feedback({ idempotencyKey: 'key_a_aaaaaaaaaaaaaa', text: 'anything' }));
      expect(await retry.json()).toEqual({ id: 'rsp_a', receivedAt: 1000 });
      const copy = await postResponse(ctx, feedback({ clientId: 'client_dddddddd', text }));
      expect(copy.status).toBe(200);
      const { id } = (await copy.json()) as { id: string };
      const stored = await store.db.selectFrom('responses').select('duplicate_cluster_id').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.duplicate_cluster_id).toBe(1);
      expect(store.sqlite.prepare('select size from duplicate_clusters where id = 1').pluck().get()).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('refuses a database a newer Feedloop migrated, saying so, and leaves it as it was', async () => {
    await oldDatabase('0013_submission_keys', (sqlite) => {
      sqlite.exec("insert into kysely_migration (name, timestamp) values ('0099_from_the_future', '2030-01-01T00:00:00.000Z')");
    });
    await expect(openStore(file)).rejects.toThrow(/comes from a newer Feedloop: it has migration 0099_from_the_future/);
    const sqlite = new SQLite(file);
    expect(sqlite.prepare('select name from kysely_migration order by name desc limit 2').pluck().all()).toEqual(['0099_from_the_future', '0013_submission_keys']);
    sqlite.close();
  });

  it('applies an upgrade entirely or not at all, so one cut short can be run again', async () => {
    // The record of 0011 fails, as if the process died between the migration and its record.
    await oldDatabase('0010_band_merges', (sqlite) => {
      sqlite.exec(`create trigger cut_short before insert on kysely_migration when new.name = '0011_search_queue'
        begin select raise(abort, 'cut short'); end`);
    });
    await expect(openStore(file)).rejects.toThrow(/cut short/);
    const sqlite = new SQLite(file);
    expect(tables(sqlite)).toContain('response_search_pending');
    expect(tables(sqlite)).not.toContain('response_search_queue');
    sqlite.exec('drop trigger cut_short');
    sqlite.close();

    const store = await openStore(file);
    expect(tables(store.sqlite)).toContain('response_search_queue');
    await store.close();
  });
});
