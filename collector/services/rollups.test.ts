import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestContext, createTestContext } from '../../test/helpers/context.ts';
import type { NewResponse } from '../store/database.ts';
import { type CellConditions, type Dimension, countCells, countEvents } from '../store/reports.ts';
import { commonAttributeKeys, refreshRollups, runsOf, startRollupWarmer, warmSite } from './rollups.ts';

const DAY = 86_400_000;
let ctx: TestContext;
let seq = 0;
let rand = 1;
/** A small deterministic generator, so a failure can be replayed. */
const random = () => ((rand = (rand * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

beforeEach(async () => {
  ctx = await createTestContext();
  rand = 7;
});
afterEach(async () => {
  await ctx.close();
});

function row(receivedAt: number): NewResponse {
  const scale = pick(['nps', 'csat', 'ces', null] as const);
  const score = scale === 'nps' ? Math.floor(random() * 11) : scale === 'csat' ? 1 + Math.floor(random() * 5) : scale === 'ces' ? 1 + Math.floor(random() * 7) : null;
  const id = `rsp_roll_${++seq}`;
  return {
    id,
    site_id: ctx.site.id,
    idempotency_key: `key_${id}`,
    channel: pick(['widget', 'api']),
    kind: scale ? 'survey' : 'feedback',
    device: pick(['mobile', 'desktop', 'tablet']),
    browser: 'chrome',
    os: 'mac',
    received_at: receivedAt,
    scale,
    score,
    survey_id: scale ? pick(['srv_a', 'srv_b']) : null,
    sentiment_label: pick(['pos', 'neu', 'neg', null] as const),
    attributes: pick(['{"plan":"pro"}', '{"plan":"free"}', '{"plan":true}', null]),
    spam_score: random() < 0.05 ? 0.9 : 0,
  };
}

async function seed(count: number, fromMs: number, toMs: number): Promise<string[]> {
  const rows = Array.from({ length: count }, () => row(fromMs + Math.floor(random() * (toMs - fromMs))));
  await ctx.store.db.insertInto('responses').values(rows).execute();
  return rows.map((r) => r.id);
}

const FILTERS: Array<Partial<CellConditions>> = [
  {},
  { survey: 'srv_a' },
  { device: 'mobile', channel: 'api' },
  { scale: 'nps', band: 'low' },
  { band: 'high' },
  { sentiment: 'neg' },
  { attr: { key: 'plan', values: ['pro'] } },
  { attr: { key: 'plan', values: ['pro', 'free', 'true'] }, device: 'desktop' },
  { deviceIn: ['mobile', 'tablet'] },
];
const DIMS: Dimension[][] = [['scale', 'score'], ['day', 'scale', 'score'], ['sentiment'], ['device', 'scale', 'score'], ['attr_value', 'scale', 'score'], []];

const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x, Object.keys(x as object).sort())).sort();

/** Every filter × grouping over a period with part-days at both ends: the rollup agrees with the raw rows. */
async function expectRollupMatchesRaw(from: number, to: number) {
  for (const f of FILTERS) {
    const key = f.attr?.key ?? '';
    const rolledUntil = await refreshRollups(ctx.store.db, ctx.site.id, key, ctx.clock.now());
    for (const dims of DIMS) {
      if (dims.includes('attr_value') && !f.attr) continue;
      const c: CellConditions = { siteId: ctx.site.id, from, to, ...f };
      const viaRollup = await countCells(ctx.store.db, c, dims, rolledUntil);
      const raw = await countCells(ctx.store.db, c, dims, -1);
      expect(sorted(viaRollup), `${JSON.stringify(f)} by ${dims.join(',')}`).toEqual(sorted(raw));
    }
  }
}

describe('rollups', () => {
  it('answer exactly what the raw rows answer, for every filter and grouping', async () => {
    const now = ctx.clock.now();
    await seed(1500, now - 20 * DAY, now);
    await expectRollupMatchesRaw(now - 15 * DAY - 3_600_000, now + DAY);
    // The rollup holds whole closed days: today is read raw.
    const built = await ctx.store.db.selectFrom('report_builds' as never).selectAll().execute();
    expect(built.length).toBeGreaterThan(0);
  });

  it('stay exact after a late insert into a closed day, an update, a delete and a day boundary', async () => {
    const now = ctx.clock.now();
    const ids = await seed(600, now - 10 * DAY, now);
    await expectRollupMatchesRaw(now - 12 * DAY, now + DAY);

    // A row dated five days ago arrives now (an import, say).
    await seed(5, now - 5 * DAY, now - 5 * DAY + 1000);
    // A closed day's response changes its score and device; another is erased.
    const old = await ctx.store.db.selectFrom('responses').select(['id', 'received_at']).where('id', 'in', ids).where('received_at', '<', now - 2 * DAY).where('scale', '=', 'nps').limit(2).execute();
    await ctx.store.db.updateTable('responses').set({ score: 10, device: 'tablet', sentiment_label: 'pos' }).where('id', '=', old[0]!.id).execute();
    await ctx.store.db.deleteFrom('responses').where('id', '=', old[1]!.id).execute();
    await ctx.store.db.updateTable('responses').set({ spam_score: 0.99 }).where('id', '=', ids[3]!).execute();
    await expectRollupMatchesRaw(now - 12 * DAY, now + DAY);

    // Midnight passes: today becomes a closed day and is rolled up; new rows land in the new today.
    ctx.clock.advance(DAY);
    await seed(50, ctx.clock.now() - 3_600_000, ctx.clock.now());
    await expectRollupMatchesRaw(now - 12 * DAY, ctx.clock.now() + DAY);

    // Deleting the newest rows lets SQLite reuse their rowids; a late row with a reused rowid still counts.
    const newest = await ctx.store.db.selectFrom('responses').select('id').orderBy('received_at', 'desc').limit(3).execute();
    await ctx.store.db.deleteFrom('responses').where('id', 'in', newest.map((r) => r.id)).execute();
    await refreshRollups(ctx.store.db, ctx.site.id, '', ctx.clock.now());
    await seed(2, now - 7 * DAY, now - 7 * DAY + 10);
    await expectRollupMatchesRaw(now - 12 * DAY, ctx.clock.now() + DAY);
  });

  it('count impressions per survey the same from the rollup as from the raw events', async () => {
    const now = ctx.clock.now();
    await ctx.store.db.insertInto('surveys').values([
      { id: 'srv_a', site_id: ctx.site.id, name: 'A', status: 'active', version: 1, created_at: now, updated_at: now },
      { id: 'srv_b', site_id: ctx.site.id, name: 'B', status: 'active', version: 1, created_at: now, updated_at: now },
    ]).execute();
    const events = Array.from({ length: 400 }, (_, i) => ({
      id: `evt_${i}`,
      site_id: ctx.site.id,
      survey_id: pick(['srv_a', 'srv_b']),
      type: pick(['impression', 'impression', 'dismissal', 'completion'] as const),
      idempotency_key: `evt_key_${i}`,
      client_id: null,
      user_id: null,
      page_url: null,
      reason: null,
      client_at: null,
      received_at: now - Math.floor(random() * 9 * DAY),
    }));
    await ctx.store.db.insertInto('events').values(events).execute();
    const check = async () => {
      const rolledUntil = await refreshRollups(ctx.store.db, ctx.site.id, '', ctx.clock.now());
      const c = { siteId: ctx.site.id, from: now - 8 * DAY - 5000, to: now + DAY, surveys: ['srv_a', 'srv_b'] };
      expect(sorted(await countEvents(ctx.store.db, c, rolledUntil))).toEqual(sorted(await countEvents(ctx.store.db, c, -1)));
    };
    await check();
    await ctx.store.db.deleteFrom('events').where('id', 'in', ['evt_1', 'evt_2', 'evt_3']).execute();
    await check();
  });

  it('are built in the background after start, with every attribute rollup in use, so reads find nothing to do', async () => {
    const now = ctx.clock.now();
    await seed(200, now - 5 * DAY, now);
    await refreshRollups(ctx.store.db, ctx.site.id, 'plan', now);
    ctx.clock.advance(2 * DAY);
    await seed(20, ctx.clock.now() - DAY - 1000, ctx.clock.now() - DAY);
    const stop = startRollupWarmer(ctx.store.db, ctx.clock, async () => [ctx.site.id], 10);
    const builds = async () =>
      (await ctx.store.db.selectFrom('report_builds' as never).selectAll().execute()) as Array<{ attr_key: string; next_day: number }>;
    const today = Math.floor(ctx.clock.now() / DAY);
    await expect.poll(async () => (await builds()).map((b) => b.next_day), { timeout: 5000 }).toEqual([today, today, today]);
    stop();
    await expectRollupMatchesRaw(now - 6 * DAY, ctx.clock.now() + DAY);
  });

  it('tries again the next midnight after a failed run instead of stopping', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let calls = 0;
      const listSiteIds = async () => {
        calls++;
        if (calls === 1) throw new Error('database is locked');
        return [];
      };
      const stop = startRollupWarmer(ctx.store.db, ctx.clock, listSiteIds, 10);
      await vi.advanceTimersByTimeAsync(10);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(DAY + 60_000);
      expect(calls).toBe(2);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('builds the rollup of an attribute most responses carry before anyone compares by it', async () => {
    const now = ctx.clock.now();
    await seed(200, now - 5 * DAY, now);
    await warmSite(ctx.store.db, ctx.site.id, now);
    const keys = (await ctx.store.db.selectFrom('report_builds' as never).select('attr_key' as never).execute()) as Array<{ attr_key: string }>;
    expect(keys.map((k) => k.attr_key)).toContain('plan');
    await expectRollupMatchesRaw(now - 6 * DAY, now + DAY);
  });

  it('picks as common the plain keys set on at least 5% of recent attributes, five at most', () => {
    const sample = [
      ...Array.from({ length: 60 }, (_, i) => JSON.stringify({ plan: i % 2 ? 'pro' : 'free', seats: i, nested: { a: 1 } })),
      ...Array.from({ length: 30 }, () => JSON.stringify({ country: 'CN', 'bad key"': 'x' })),
      ...Array.from({ length: 3 }, () => JSON.stringify({ rare: true })),
      'not json',
      '[1,2]',
    ];
    expect(commonAttributeKeys(sample)).toEqual(['plan', 'seats', 'country']);
    expect(commonAttributeKeys([])).toEqual([]);
    const many = Array.from({ length: 20 }, () => JSON.stringify(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, 1]))));
    expect(commonAttributeKeys(many)).toHaveLength(5);
  });

  it('groups days into runs', () => {
    expect(runsOf([3, 4, 5, 9])).toEqual([
      [3, 6],
      [9, 10],
    ]);
  });
});
