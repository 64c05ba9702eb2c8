import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import {
  DAY_MS,
  EVENTS_KEY,
  buildsOf,
  clearDirty,
  dirtyDays,
  firstDay,
  type MarkedTable,
  lateRowCheck,
  markNewRows,
  recentAttributes,
  rebuildDays,
  setNextDay,
} from '../store/rollups.ts';

/**
 * Keeps the daily rollups (report_days, report_event_days) exact, on read, without any work in
 * the ingest path:
 *
 * - Closed UTC days (before today) are rolled up the first time a report needs them, a few weeks
 *   per transaction so a first build on a large store never holds the database for long.
 *   Reports read closed days from the rollup and today (and any part-day at the edges of the
 *   period) from the raw rows through the (site_id, received_at) index.
 * - A row dated on a closed day that arrives late (an import, a clock step) sits above the
 *   rowid mark; the next read marks its day dirty and rebuilds that day.
 * - Updates of a reported column and deletes of old rows mark their day dirty through triggers
 *   (migration 0007); the next read rebuilds that day.
 * - An attribute key (plan, country, …) gets its own rollup the first time someone filters or
 *   compares by it, kept exact the same way.
 *
 * Rollup writes are derived data: they commit without their own fsync (the next durable commit
 * of the WAL covers them, and a crash that lost one loses the matching build mark with it).
 */

/** Days per build transaction when catching up: about 30,000 rows at 10,000 responses a day. */
const CHUNK_DAYS = 3;

const q = (text: string) => CompiledQuery.raw(text);
const [NO_FSYNC, FSYNC, BEGIN, COMMIT, ROLLBACK] = [q('pragma synchronous = normal'), q('pragma synchronous = full'), q('begin immediate'), q('commit'), q('rollback')];

/** One transaction on the shared connection, without an fsync on the event loop. */
async function derivedWrite(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
  await db.connection().execute(async (conn) => {
    await conn.executeQuery(NO_FSYNC);
    try {
      await conn.executeQuery(BEGIN);
      try {
        await work(conn);
        await conn.executeQuery(COMMIT);
      } catch (error) {
        await conn.executeQuery(ROLLBACK).catch(() => undefined);
        throw error;
      }
    } finally {
      await conn.executeQuery(FSYNC);
    }
  });
}

const yieldToEventLoop = () => new Promise<void>((done) => setImmediate(done));

/** Contiguous runs of sorted days: [3, 4, 5, 9] → [[3, 6], [9, 10]]. */
export function runsOf(days: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const d of days) {
    const last = runs.at(-1);
    if (last && last[1] === d) last[1] = d + 1;
    else runs.push([d, d + 1]);
  }
  return runs;
}

// One refresh per site at a time; a second caller waits for the first, then checks again.
const running = new Map<string, Promise<unknown>>();

/**
 * Rows above the mark already seen to be dated on or after every rollup's next day, per
 * database: they need no rebuild (their days are built fresh when they close), so each read
 * scans only the rows written since the previous read, not all of today's. Forgotten when the
 * mark moves (a rebuild, or a delete that lets SQLite reuse rowids).
 */
const checked = new WeakMap<Kysely<Database>, Map<MarkedTable, { mark: number; checkedUpTo: number }>>();

async function hasLateRows(db: Kysely<Database>, today: number): Promise<boolean> {
  let known = checked.get(db);
  if (!known) checked.set(db, (known = new Map()));
  let late = false;
  for (const table of ['responses', 'events'] as const) {
    const result = await lateRowCheck(db, table, today, known.get(table));
    if (result.late) late = true;
    else known.set(table, { mark: result.mark, checkedUpTo: result.checkedUpTo });
  }
  if (late) known.clear();
  return late;
}

/**
 * Brings the site's rollups for `keys` ('' = no attribute, '#events' implied) up to today and
 * returns the first day each one does not cover (today, unless the site has no data yet).
 */
export async function refreshRollups(db: Kysely<Database>, siteId: string, attrKey: string, now: number): Promise<number> {
  const before = running.get(siteId);
  const mine = (async () => {
    await before?.catch(() => undefined);
    return refresh(db, siteId, attrKey, Math.floor(now / DAY_MS));
  })();
  running.set(siteId, mine);
  try {
    return await mine;
  } finally {
    if (running.get(siteId) === mine) running.delete(siteId);
  }
}

async function refresh(db: Kysely<Database>, siteId: string, attrKey: string, today: number): Promise<number> {
  const wanted = new Set(['', EVENTS_KEY, attrKey]);
  let builds = await buildsOf(db, siteId);

  // Late rows and changed closed days: rebuild those days in every rollup of the site.
  const late = await hasLateRows(db, today);
  const dirty = late ? undefined : await dirtyDays(db, siteId, today);
  if (late || dirty!.length > 0) {
    await derivedWrite(db, async (trx) => {
      if (late) await markNewRows(trx, today);
      const days = await dirtyDays(trx, siteId, today);
      for (const [key, nextDay] of builds) {
        for (const [from, to] of runsOf(days.filter((d) => d < nextDay))) await rebuildDays(trx, siteId, key, from, to);
      }
      await clearDirty(trx, siteId, today);
    });
  }

  // New keys start at the site's first day; every key then catches up to today.
  for (const key of wanted) {
    if (builds.has(key)) continue;
    const first = (await firstDay(db, siteId, key)) ?? today;
    await derivedWrite(db, (trx) => setNextDay(trx, siteId, key, Math.min(first, today)));
  }
  builds = await buildsOf(db, siteId);
  for (const key of wanted) {
    let next = builds.get(key)!;
    while (next < today) {
      const until = Math.min(next + CHUNK_DAYS, today);
      const from = next;
      await derivedWrite(db, async (trx) => {
        await rebuildDays(trx, siteId, key, from, until);
        await setNextDay(trx, siteId, key, until);
      });
      next = until;
      if (next < today) await yieldToEventLoop();
    }
  }
  return today;
}

/** Attribute keys worth a rollup before anyone asks: at most this many per site… */
const COMMON_KEYS = 5;
/** …each set on at least this share of the recent responses that carry attributes. */
const COMMON_SHARE = 0.05;
/** Keys as the inbox and report filters accept them (`attr=key=value`). */
const PLAIN_KEY = /^[\w.-]{1,64}$/;

/**
 * The identify() keys most of a site's recent responses carry (plan, country, …) with a plain
 * value: the segments a team is likely to compare, whose first comparison would otherwise build
 * a rollup of the whole history while someone waits.
 */
export function commonAttributeKeys(attributes: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const json of attributes) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue;
    for (const [key, value] of Object.entries(parsed)) {
      if (PLAIN_KEY.test(key) && ['string', 'number', 'boolean'].includes(typeof value)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const least = Math.max(2, Math.ceil(attributes.length * COMMON_SHARE));
  return [...counts]
    .filter(([, n]) => n >= least)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, COMMON_KEYS)
    .map(([key]) => key);
}

/**
 * Brings every rollup of the site up to today: each attribute key someone has used, and the keys
 * most recent responses carry.
 */
export async function warmSite(db: Kysely<Database>, siteId: string, now: number): Promise<void> {
  const used = [...(await buildsOf(db, siteId)).keys()].filter((k) => k !== EVENTS_KEY && k !== '');
  const common = commonAttributeKeys(await recentAttributes(db, siteId, { scan: 20_000, limit: 2_000 }));
  await refreshRollups(db, siteId, '', now);
  for (const key of new Set([...used, ...common])) await refreshRollups(db, siteId, key, now);
}

const WARM_AFTER_START_MS = 30_000;
/** A minute after midnight UTC, when yesterday has just closed. */
const WARM_AFTER_MIDNIGHT_MS = 60_000;

/**
 * Builds the rollups in the background — shortly after the collector starts (the first build
 * after an upgrade takes seconds on a large store) and just after each UTC midnight (the day
 * that closed) — so a dashboard request rarely has a day to roll up itself. Timers never keep
 * the process alive. A failed run (the store busy past its timeout, say) is tried again the next
 * midnight rather than ending the warmer: stopping for good left every later day to the first
 * dashboard request that needed it, until a restart.
 */
export function startRollupWarmer(
  db: Kysely<Database>,
  clock: { now(): number },
  listSiteIds: () => Promise<string[]>,
  afterStartMs = WARM_AFTER_START_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => void run(), delayMs);
    timer.unref?.();
  };
  const run = async () => {
    try {
      for (const siteId of await listSiteIds()) await warmSite(db, siteId, clock.now());
    } catch {
      // Busy, or the store is closed (shutdown, the end of a test): reads build what they need
      // meanwhile, and the (unref'd) timer of a closed store never keeps the process alive.
    }
    const now = clock.now();
    schedule(Math.floor(now / DAY_MS) * DAY_MS + DAY_MS + WARM_AFTER_MIDNIGHT_MS - now);
  };
  schedule(afterStartMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
