import { type Kysely, type RawBuilder, sql } from 'kysely';
import { RATING_SCALES, SCALE_RANGE, type ScoreBand, scoreBand } from '../../shared/scales.ts';
import type { Database } from './database.ts';
import { DAY_MS, attributeText, foldedKey } from './rollups.ts';

/**
 * Report reads: counts of responses grouped by a few dimensions over a period, from the daily
 * rollup for days it covers and from the raw rows (site_id, received_at index) for the rest —
 * today, and part-days at the edges of the period. Likely spam is left out, as in the inbox.
 */

export type Dimension = 'day' | 'survey_id' | 'channel' | 'device' | 'scale' | 'score' | 'sentiment' | 'attr_value';

export interface CellConditions {
  siteId: string;
  from: number;
  to: number;
  survey?: string;
  channel?: string;
  scale?: string;
  band?: ScoreBand;
  sentiment?: string;
  device?: string;
  /** Dimension values must be one of these (a segment comparison). */
  surveyIn?: string[];
  channelIn?: string[];
  deviceIn?: string[];
  /** The attribute whose value is the attr_value dimension, and the values to keep. */
  attr?: { key: string; values: string[] };
  /** A second attribute condition; rollups hold one attribute at a time, so this reads raw rows. */
  extraAttr?: { key: string; value: string };
}

export type Cell = Partial<Record<Exclude<Dimension, 'day' | 'score'>, string>> & { day?: number; score?: number; n: number };

/** Scores in a band, per scale, derived from shared/scales.ts so the two never disagree. */
function bandCondition(band: ScoreBand, onlyScale?: string): RawBuilder<unknown> {
  const parts = RATING_SCALES.filter((s) => !onlyScale || s === onlyScale).flatMap((scale) => {
    const { min, max } = SCALE_RANGE[scale];
    const scores: number[] = [];
    for (let n = min; n <= max; n++) if (scoreBand(scale, n) === band) scores.push(n);
    return scores.length ? [sql`(scale = ${scale} and score in (${sql.join(scores)}))`] : [];
  });
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`0`;
}

/** Conditions on the normalised columns both sources share. */
function conditions(c: CellConditions): RawBuilder<unknown>[] {
  const all: RawBuilder<unknown>[] = [];
  if (c.survey !== undefined) all.push(sql`survey_id = ${c.survey}`);
  if (c.channel !== undefined) all.push(sql`channel = ${c.channel}`);
  if (c.scale !== undefined && !c.band) all.push(sql`scale = ${c.scale}`);
  if (c.band) all.push(bandCondition(c.band, c.scale));
  if (c.sentiment !== undefined) all.push(sql`sentiment = ${c.sentiment}`);
  if (c.device !== undefined) all.push(sql`device = ${c.device}`);
  if (c.surveyIn) all.push(sql`survey_id in (${sql.join(c.surveyIn)})`);
  if (c.channelIn) all.push(sql`channel in (${sql.join(c.channelIn)})`);
  if (c.deviceIn) all.push(sql`device in (${sql.join(c.deviceIn)})`);
  if (c.attr) all.push(sql`attr_value in (${sql.join(c.attr.values)})`);
  return all;
}

const COLUMN: Record<Dimension, string> = {
  day: 'day',
  survey_id: 'survey_id',
  channel: 'channel',
  device: 'device',
  scale: 'scale',
  score: 'score',
  sentiment: 'sentiment',
  attr_value: 'attr_value',
};

function where(parts: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``;
}

function rawPart(c: CellConditions, from: number, to: number, dims: Dimension[]): RawBuilder<unknown> {
  const col = sql.ref('attributes');
  const attrValue = c.attr ? attributeText(col, c.attr.key) : sql`''`;
  const extra = c.extraAttr ? sql`and ${attributeText(col, c.extraAttr.key)} = ${c.extraAttr.value}` : sql``;
  const select = dims.map((d) => sql.ref(COLUMN[d]));
  return sql`select ${sql.join([...select, sql`count(*) as n`])} from (
    select received_at / 86400000 as day, coalesce(survey_id, '') as survey_id, channel, device,
      coalesce(scale, '') as scale, coalesce(score, -1) as score, coalesce(sentiment_label, '') as sentiment,
      ${attrValue} as attr_value
    from responses
    where site_id = ${c.siteId} and received_at >= ${from} and received_at < ${to} and spam_score < 0.5 ${extra}
  ) ${where(conditions(c))} ${dims.length ? sql`group by ${sql.join(select)}` : sql``}`;
}

function rollupPart(c: CellConditions, fromDay: number, toDay: number, dims: Dimension[]): RawBuilder<unknown> {
  const select = dims.map((d) => sql.ref(COLUMN[d]));
  const bySentiment = c.sentiment !== undefined || dims.includes('sentiment');
  const key = bySentiment ? (c.attr?.key ?? '') : foldedKey(c.attr?.key ?? '');
  // The attribute values lead the primary key after the key: one range per value.
  const values = c.attr ? c.attr.values : [''];
  return sql`select ${sql.join([...select, sql`sum(n) as n`])} from report_days
    ${where([
      sql`site_id = ${c.siteId}`,
      sql`attr_key = ${key}`,
      sql`attr_value in (${sql.join(values)})`,
      sql`day >= ${fromDay}`,
      sql`day < ${toDay}`,
      ...conditions({ ...c, attr: undefined }),
    ])}
    ${dims.length ? sql`group by ${sql.join(select)}` : sql``}`;
}

/**
 * Counts grouped by `dims`. `rolledUntil` is the first day the rollup does not cover: whole days
 * before it come from report_days, everything else from raw rows.
 */
export async function countCells(db: Kysely<Database>, c: CellConditions, dims: Dimension[], rolledUntil: number): Promise<Cell[]> {
  if (c.from >= c.to) return [];
  const parts: RawBuilder<unknown>[] = [];
  const firstWhole = Math.ceil(c.from / DAY_MS);
  const lastWhole = c.extraAttr ? firstWhole : Math.min(Math.floor(c.to / DAY_MS), rolledUntil);
  if (firstWhole < lastWhole) {
    if (c.from < firstWhole * DAY_MS) parts.push(rawPart(c, c.from, firstWhole * DAY_MS, dims));
    parts.push(rollupPart(c, firstWhole, lastWhole, dims));
    if (lastWhole * DAY_MS < c.to) parts.push(rawPart(c, lastWhole * DAY_MS, c.to, dims));
  } else {
    parts.push(rawPart(c, c.from, c.to, dims));
  }
  const select = dims.map((d) => sql.ref(COLUMN[d]));
  const query =
    parts.length === 1
      ? parts[0]!
      : sql`select ${sql.join([...select, sql`sum(n) as n`])} from (${sql.join(parts, sql` union all `)})
          ${dims.length ? sql`group by ${sql.join(select)}` : sql``}`;
  const result = await sql<Cell>`${query}`.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export interface EventCount {
  survey_id: string;
  type: string;
  n: number;
}

/** Widget events per survey and type over a period: the rollup for whole rolled-up days, raw rows for the rest. */
export async function countEvents(
  db: Kysely<Database>,
  c: { siteId: string; from: number; to: number; surveys: string[] },
  rolledUntil: number,
): Promise<EventCount[]> {
  if (c.from >= c.to || c.surveys.length === 0) return [];
  const firstWhole = Math.ceil(c.from / DAY_MS);
  const lastWhole = Math.min(Math.floor(c.to / DAY_MS), rolledUntil);
  const raw = (from: number, to: number) => sql`select survey_id, type, count(*) as n from events
    where survey_id in (${sql.join(c.surveys)}) and type in ('impression', 'dismissal', 'completion', 'rejected')
      and received_at >= ${from} and received_at < ${to} and site_id = ${c.siteId}
    group by survey_id, type`;
  const parts: RawBuilder<unknown>[] = [];
  if (firstWhole < lastWhole) {
    if (c.from < firstWhole * DAY_MS) parts.push(raw(c.from, firstWhole * DAY_MS));
    parts.push(sql`select survey_id, type, sum(n) as n from report_event_days
      where site_id = ${c.siteId} and day >= ${firstWhole} and day < ${lastWhole} and survey_id in (${sql.join(c.surveys)})
      group by survey_id, type`);
    if (lastWhole * DAY_MS < c.to) parts.push(raw(lastWhole * DAY_MS, c.to));
  } else {
    parts.push(raw(c.from, c.to));
  }
  const result = await sql<EventCount>`select survey_id, type, sum(n) as n from (${sql.join(parts, sql` union all `)}) group by survey_id, type`.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Texts' keyword lists for themes, newest first, under the report's conditions (raw rows). */
export async function keywordRows(
  db: Kysely<Database>,
  c: CellConditions,
  limit: number,
): Promise<Array<{ id: string; received_at: number; keywords: string }>> {
  const col = sql.ref('attributes');
  const attr = c.attr ? sql`and ${attributeText(col, c.attr.key)} in (${sql.join(c.attr.values)})` : sql``;
  const extra = c.extraAttr ? sql`and ${attributeText(col, c.extraAttr.key)} = ${c.extraAttr.value}` : sql``;
  const result = await sql<{ id: string; received_at: number; keywords: string }>`select id, received_at, keywords from (
      select id, received_at, keywords, coalesce(survey_id, '') as survey_id, channel, device, coalesce(scale, '') as scale,
        coalesce(score, -1) as score, coalesce(sentiment_label, '') as sentiment, attributes
      from responses
      where site_id = ${c.siteId} and received_at >= ${c.from} and received_at < ${c.to} and spam_score < 0.5
        and keywords is not null and keywords <> '[]' ${attr} ${extra}
    ) ${where(conditions({ ...c, attr: undefined }))}
    order by received_at desc limit ${limit}`.execute(db);
  return result.rows;
}

/** Survey names of a site, for labels. */
export async function surveyNames(db: Kysely<Database>, siteId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('surveys').select(['id', 'name']).where('site_id', '=', siteId).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
