import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * Writes of the report rollups (migration 0007): per-day counts of responses and widget events.
 * Every function takes the connection or transaction to run on. services/rollups.ts decides what
 * to build when.
 */

export const DAY_MS = 86_400_000;
/** The builds row of the events rollup; no attribute key holds a NUL, so it cannot clash with one. */
export const EVENTS_KEY = '\u0000events';

/**
 * The same counts with sentiment folded away, under their own key: most reports neither filter
 * nor group by sentiment, and without it a day has about a third of the rows to add up.
 */
export const foldedKey = (key: string) => `\u0001${key}`;

type Db = Kysely<Database>;

/**
 * An identify() attribute's value as text. json_extract turns JSON true/false into 1/0, so
 * booleans are compared by their written form instead (the inbox reads attributes the same way).
 */
export function attributeText(column: RawBuilder<unknown>, key: string): RawBuilder<string | null> {
  const path = `$."${key}"`;
  return sql<string | null>`(case json_type(${column}, ${path}) when 'true' then 'true' when 'false' then 'false'
    else cast(json_extract(${column}, ${path}) as text) end)`;
}

/** Rows added since the marks that are dated before `beforeDay` make their (site, day) dirty; the marks move up. */
export async function markNewRows(db: Db, beforeDay: number): Promise<void> {
  for (const table of ['responses', 'events'] as const) {
    const mark = await sql<{ last_rowid: number }>`select last_rowid from report_marks where source = ${table}`.execute(db);
    const last = mark.rows[0]?.last_rowid ?? 0;
    await sql`insert or ignore into report_dirty (site_id, day)
      select distinct site_id, received_at / 86400000 from ${sql.table(table)}
      where rowid > ${last} and received_at < ${beforeDay * DAY_MS}`.execute(db);
    await sql`update report_marks set last_rowid = (select coalesce(max(rowid), 0) from ${sql.table(table)}) where source = ${table}`.execute(db);
  }
}

export type MarkedTable = 'responses' | 'events';

/**
 * Looks for rows above the mark (or above `checkedUpTo`, rows already looked at under the same
 * mark) dated before `beforeDay`: a read, so a quiet dashboard writes nothing. Returns the mark
 * and the highest rowid looked at.
 */
export async function lateRowCheck(
  db: Db,
  table: MarkedTable,
  beforeDay: number,
  known?: { mark: number; checkedUpTo: number },
): Promise<{ late: boolean; mark: number; checkedUpTo: number }> {
  const marks = await sql<{ last_rowid: number }>`select last_rowid from report_marks where source = ${table}`.execute(db);
  const mark = marks.rows[0]?.last_rowid ?? 0;
  // The newest rowid first, so rows written while this runs are left for the next check.
  const top = await sql<{ top: number | null }>`select max(rowid) as top from ${sql.table(table)}`.execute(db);
  const upTo = top.rows[0]?.top ?? 0;
  const from = known && known.mark === mark ? Math.max(mark, known.checkedUpTo) : mark;
  const found = await sql<{ one: number }>`select 1 as one from ${sql.table(table)}
    where rowid > ${from} and rowid <= ${upTo} and received_at < ${beforeDay * DAY_MS} limit 1`.execute(db);
  return { late: found.rows.length > 0, mark, checkedUpTo: Math.max(from, upTo) };
}

export async function dirtyDays(db: Db, siteId: string, beforeDay: number): Promise<number[]> {
  const rows = await sql<{ day: number }>`select day from report_dirty where site_id = ${siteId} and day < ${beforeDay} order by day`.execute(db);
  return rows.rows.map((r) => r.day);
}

export async function clearDirty(db: Db, siteId: string, beforeDay: number): Promise<void> {
  await sql`delete from report_dirty where site_id = ${siteId} and day < ${beforeDay}`.execute(db);
}

/** attr key → first day not yet rolled up, for the keys this site has builds of. */
export async function buildsOf(db: Db, siteId: string): Promise<Map<string, number>> {
  const rows = await sql<{ attr_key: string; next_day: number }>`select attr_key, next_day from report_builds where site_id = ${siteId}`.execute(db);
  return new Map(rows.rows.map((r) => [r.attr_key, r.next_day]));
}

/**
 * The identify() attributes (JSON text) of the site's newest responses that carry any: at most
 * `limit` of them, looked for among the newest `scan` rows (the (site_id, received_at) index).
 */
export async function recentAttributes(db: Db, siteId: string, opts: { scan: number; limit: number }): Promise<string[]> {
  const rows = await sql<{ attributes: string }>`select attributes from (
      select attributes from responses where site_id = ${siteId} order by received_at desc limit ${opts.scan}
    ) where attributes is not null limit ${opts.limit}`.execute(db);
  return rows.rows.map((r) => r.attributes);
}

export async function setNextDay(db: Db, siteId: string, key: string, nextDay: number): Promise<void> {
  await sql`insert into report_builds (site_id, attr_key, next_day) values (${siteId}, ${key}, ${nextDay})
    on conflict (site_id, attr_key) do update set next_day = excluded.next_day`.execute(db);
}

const EVENT_TYPES = ['impression', 'dismissal', 'completion', 'rejected'] as const;

/** The site's survey ids: events are read survey by survey through their (survey, type, time) index. */
async function surveyIds(db: Db, siteId: string): Promise<string[]> {
  const rows = await db.selectFrom('surveys').select('id').where('site_id', '=', siteId).execute();
  return rows.map((r) => r.id);
}

/** The UTC day of the site's first response (or survey event), or undefined when it has none. */
export async function firstDay(db: Db, siteId: string, key: string): Promise<number | undefined> {
  let first: number | undefined;
  if (key === EVENTS_KEY) {
    for (const survey of await surveyIds(db, siteId)) {
      for (const type of EVENT_TYPES) {
        const rows = await sql<{ t: number | null }>`select min(received_at) as t from events where survey_id = ${survey} and type = ${type}`.execute(db);
        const t = rows.rows[0]?.t;
        if (t !== null && t !== undefined && (first === undefined || t < first)) first = t;
      }
    }
  } else {
    const rows = await sql<{ t: number | null }>`select min(received_at) as t from responses where site_id = ${siteId}`.execute(db);
    first = rows.rows[0]?.t ?? undefined;
  }
  return first === undefined ? undefined : Math.floor(first / DAY_MS);
}

/** (Re)computes days [fromDay, toDay) of one rollup from the raw rows. */
export async function rebuildDays(db: Db, siteId: string, key: string, fromDay: number, toDay: number): Promise<void> {
  if (fromDay >= toDay) return;
  const from = fromDay * DAY_MS;
  const to = toDay * DAY_MS;
  if (key === EVENTS_KEY) {
    await sql`delete from report_event_days where site_id = ${siteId} and day >= ${fromDay} and day < ${toDay}`.execute(db);
    for (const survey of await surveyIds(db, siteId)) {
      await sql`insert into report_event_days (site_id, day, survey_id, type, n)
        select ${siteId}, received_at / 86400000, ${survey}, type, count(*) from events
        where survey_id = ${survey} and type in (${sql.join(EVENT_TYPES)}) and received_at >= ${from} and received_at < ${to}
          and site_id = ${siteId}
        group by 2, 4`.execute(db);
    }
    return;
  }
  const value = key === '' ? sql<string>`''` : attributeText(sql.ref('attributes'), key);
  await sql`delete from report_days where site_id = ${siteId} and attr_key in (${key}, ${foldedKey(key)}) and day >= ${fromDay} and day < ${toDay}`.execute(db);
  await sql`insert into report_days (site_id, attr_key, attr_value, day, survey_id, channel, device, scale, score, sentiment, n)
    select ${siteId}, ${key}, v, d, s, channel, device, sc, so, se, count(*) from (
      select ${value} as v, received_at / 86400000 as d, coalesce(survey_id, '') as s, channel, device,
        coalesce(scale, '') as sc, coalesce(score, -1) as so, coalesce(sentiment_label, '') as se
      from responses
      where site_id = ${siteId} and received_at >= ${from} and received_at < ${to} and spam_score < 0.5
    ) where v is not null
    group by v, d, s, channel, device, sc, so, se`.execute(db);
  await sql`insert into report_days (site_id, attr_key, attr_value, day, survey_id, channel, device, scale, score, sentiment, n)
    select site_id, ${foldedKey(key)}, attr_value, day, survey_id, channel, device, scale, score, '*', sum(n) from report_days
    where site_id = ${siteId} and attr_key = ${key} and day >= ${fromDay} and day < ${toDay}
    group by attr_value, day, survey_id, channel, device, scale, score`.execute(db);
}
