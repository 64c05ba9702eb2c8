import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { RATING_SCALES, SCALE_RANGE, type ScoreBand, scoreBand } from '../../shared/scales.ts';
import type { Database, StoredResponse } from './database.ts';

/**
 * The inbox's one query: a site's responses under any filter, sorted by time or priority, paged
 * by keyset, with each near-duplicate cluster collapsed to its newest matching member.
 */

export interface InboxConditions {
  siteId: string;
  survey?: string;
  channel?: string;
  band?: ScoreBand;
  scale?: string;
  sentiment?: string;
  tag?: string;
  status?: string;
  /** An admin user id, or "none" for unassigned. */
  assignee?: string;
  from?: number;
  to?: number;
  page?: string;
  device?: string;
  attr?: { key: string; value: string };
  /** An FTS5 MATCH expression (services/search.ts). */
  match?: string;
  /**
   * A common search term matches many rows: then walk the sort's index and test each row against
   * the matches; a rare one is faster read from the matches themselves (searchHits decides).
   */
  matchIsCommon?: boolean;
  spam?: 'include' | 'only';
  cluster?: number;
}

export type InboxOrder =
  | { sort: 'newest'; after?: { receivedAt: number; id: string } }
  | { sort: 'priority'; after?: { priority: number; receivedAt: number; id: string } };

export type InboxRow = StoredResponse & { duplicate_count: number | null };

/** Scores in a band, per scale, derived from shared/scales.ts so the two can never disagree. */
function bandCondition(r: string, band: ScoreBand, onlyScale?: string): RawBuilder<SqlBool> {
  const parts = RATING_SCALES.filter((s) => !onlyScale || s === onlyScale).flatMap((scale) => {
    const { min, max } = SCALE_RANGE[scale];
    const scores: number[] = [];
    for (let n = min; n <= max; n++) if (scoreBand(scale, n) === band) scores.push(n);
    if (scores.length === 0) return [];
    return [sql`(${sql.ref(`${r}.scale`)} = ${scale} and ${sql.ref(`${r}.score`)} in (${sql.join(scores)}))`];
  });
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`0`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every condition on alias `r`, so the cluster-collapse subquery can apply the same ones to its own alias. */
function conditions(r: string, f: InboxConditions): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${r}.${name}`);
  const all: RawBuilder<unknown>[] = [sql`${col('site_id')} = ${f.siteId}`];
  if (f.spam === undefined) all.push(sql`${col('spam_score')} < 0.5`);
  if (f.spam === 'only') all.push(sql`${col('spam_score')} >= 0.5`);
  if (f.survey) all.push(sql`${col('survey_id')} = ${f.survey}`);
  if (f.channel) all.push(sql`${col('channel')} = ${f.channel}`);
  if (f.scale && !f.band) all.push(sql`${col('scale')} = ${f.scale}`);
  if (f.band) all.push(bandCondition(r, f.band, f.scale));
  if (f.sentiment) all.push(sql`${col('sentiment_label')} = ${f.sentiment}`);
  if (f.status) all.push(sql`${col('status')} = ${f.status}`);
  if (f.assignee === 'none') all.push(sql`${col('assignee_id')} is null`);
  else if (f.assignee) all.push(sql`${col('assignee_id')} = ${f.assignee}`);
  if (f.from !== undefined) all.push(sql`${col('received_at')} >= ${f.from}`);
  if (f.to !== undefined) all.push(sql`${col('received_at')} < ${f.to}`);
  if (f.page) all.push(sql`${col('page_url')} like ${`%${escapeLike(f.page)}%`} escape '\\'`);
  if (f.device) all.push(sql`${col('device')} = ${f.device}`);
  if (f.cluster !== undefined) all.push(sql`${col('duplicate_cluster_id')} = ${f.cluster}`);
  if (f.tag) all.push(sql`exists (select 1 from response_tags t where t.response_id = ${col('id')} and t.tag = ${f.tag})`);
  if (f.attr) {
    // json_extract turns true/false into 1/0; compare JSON booleans by their written form instead.
    const path = `$."${f.attr.key}"`;
    all.push(
      sql`(case json_type(${col('attributes')}, ${path}) when 'true' then 'true' when 'false' then 'false'
        else cast(json_extract(${col('attributes')}, ${path}) as text) end) = ${f.attr.value}`,
    );
  }
  if (f.match) {
    // A unary + keeps SQLite from driving the query from the matches (it then walks the sort's index).
    const id = f.matchIsCommon ? sql`+${col('id')}` : col('id');
    all.push(sql`${id} in (select d.response_id from response_search_docs d
      where d.doc in (select rowid from response_search where response_search match ${f.match}))`);
  }
  return sql<SqlBool>`${sql.join(all, sql` and `)}`;
}

function afterCursor(order: InboxOrder): RawBuilder<unknown> | undefined {
  if (order.sort === 'newest' && order.after) {
    return sql`(r.received_at, r.id) < (${order.after.receivedAt}, ${order.after.id})`;
  }
  if (order.sort === 'priority' && order.after) {
    const { priority, receivedAt, id } = order.after;
    return sql`(r.priority, r.received_at, r.id) < (${priority}, ${receivedAt}, ${id})`;
  }
  return undefined;
}

/** The SQL of one inbox page; exported so a test can EXPLAIN it. */
export function inboxQuery(f: InboxConditions, order: InboxOrder, limit: number, collapse: boolean) {
  const where = [conditions('r', f)];
  const cursor = afterCursor(order);
  if (cursor) where.push(cursor as RawBuilder<SqlBool>);
  if (collapse && f.cluster === undefined) {
    // Only the newest member of a cluster among those matching the same filters stands for it.
    // The search is left out of that check: copies of a text share its words, and repeating the
    // full-text lookup for every candidate row would cost more than the page itself.
    where.push(sql<SqlBool>`(r.duplicate_cluster_id is null or not exists (select 1 from responses r2
      where r2.duplicate_cluster_id = r.duplicate_cluster_id
        and (r2.received_at > r.received_at or (r2.received_at = r.received_at and r2.id > r.id))
        and ${conditions('r2', { ...f, match: undefined })}))`);
  }
  const orderBy =
    order.sort === 'priority' ? sql`r.priority desc, r.received_at desc, r.id desc` : sql`r.received_at desc, r.id desc`;
  return sql<InboxRow>`select r.*, c.size as duplicate_count from responses r
    left join duplicate_clusters c on c.id = r.duplicate_cluster_id
    where ${sql.join(where, sql` and `)}
    order by ${orderBy} limit ${limit}`;
}

export async function listInbox(
  db: Kysely<Database>,
  f: InboxConditions,
  order: InboxOrder,
  limit: number,
  collapse = true,
): Promise<InboxRow[]> {
  return (await inboxQuery(f, order, limit, collapse).execute(db)).rows;
}

export async function explainInbox(db: Kysely<Database>, f: InboxConditions, order: InboxOrder, limit: number): Promise<string[]> {
  const query = inboxQuery(f, order, limit, true).compile(db);
  const rows = await db.executeQuery<{ detail: string }>({ ...query, sql: `explain query plan ${query.sql}` });
  return rows.rows.map((row) => row.detail);
}

/** One response of a site with its cluster size, or undefined. */
export async function findInboxRow(db: Kysely<Database>, siteId: string, id: string): Promise<InboxRow | undefined> {
  const { rows } = await sql<InboxRow>`select r.*, c.size as duplicate_count from responses r
    left join duplicate_clusters c on c.id = r.duplicate_cluster_id where r.site_id = ${siteId} and r.id = ${id}`.execute(db);
  return rows[0];
}

export async function setWorkflow(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Pick<StoredResponse, 'status' | 'assignee_id'>>,
): Promise<void> {
  await db.updateTable('responses').set(patch).where('id', '=', id).execute();
}

/** Agents and admins, who can own a response. */
export function listAssignees(db: Kysely<Database>) {
  return db.selectFrom('admin_users').select(['id', 'email', 'role']).where('role', 'in', ['admin', 'agent']).orderBy('email').execute();
}

export async function isAssignable(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('admin_users').select('id').where('id', '=', userId).where('role', 'in', ['admin', 'agent']).executeTakeFirst();
  return row !== undefined;
}

/** How many texts match a search, counting no further than `cap` (FTS5 stops reading there). */
export async function searchHits(db: Kysely<Database>, match: string, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select rowid from response_search
    where response_search match ${match} limit ${cap})`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
