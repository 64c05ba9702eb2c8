import type { Kysely } from 'kysely';
import type { AnsweredQuestion, Assignee, InboxDetail, InboxItem, InboxPage, InboxQuery } from '../../shared/schema/inbox.ts';
import type { InboxFilter } from '../../shared/schema/inbox-query.ts';
import type { SurveyDefinition } from '../../shared/schema/survey.ts';
import { activityOf } from '../store/activity.ts';
import type { Database } from '../store/database.ts';
import { type InboxConditions, type InboxOrder, type InboxRow, findInboxRow, listAssignees, listInbox, searchHits } from '../store/inbox.ts';
import { notesOf } from '../store/notes.ts';
import { findSiteById } from '../store/sites.ts';
import { findSurvey, findSurveyVersion } from '../store/surveys.ts';
import { type TagsByResponse, tagsOf } from '../store/tags.ts';
import { AppError } from './app-error.ts';
import { refreshSearchIndex, searchQuery } from './search.ts';
import { toResponseItem } from './response-items.ts';

export function toInboxItem(r: InboxRow, tags: TagsByResponse, collapsed = false): InboxItem {
  return {
    ...toResponseItem(r, tags),
    status: r.status,
    assigneeId: r.assignee_id,
    collapsed: collapsed && (r.duplicate_count ?? 0) > 1,
  };
}

/** Keyset cursors are opaque: the sort they belong to and the last row's sort key. */
function encodeCursor(order: InboxOrder['sort'], r: InboxRow): string {
  const key = order === 'priority' ? [order, r.priority, r.received_at, r.id] : [order, r.received_at, r.id];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(sort: InboxOrder['sort'], text: string): InboxOrder {
  const bad = () => new AppError('validation_failed', 'cursor: not a cursor of this sort; start from the first page', { field: 'cursor' });
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(key) || key[0] !== sort) throw bad();
  const ints = (xs: unknown[]) => xs.every((x) => Number.isSafeInteger(x));
  if (sort === 'priority' && key.length === 4 && ints(key.slice(1, 3)) && typeof key[3] === 'string') {
    return { sort, after: { priority: key[1], receivedAt: key[2], id: key[3] } };
  }
  if (sort === 'newest' && key.length === 3 && ints(key.slice(1, 2)) && typeof key[2] === 'string') {
    return { sort, after: { receivedAt: key[1], id: key[2] } };
  }
  throw bad();
}

/** Above this many matching texts a search walks the sort's index instead of reading every match. */
const COMMON_HITS = 5_000;

/**
 * The validated filter as store conditions. A search brings the full-text index up to date first
 * (at most `searchBudget` texts), and says how many texts it could not reach yet.
 */
export async function inboxConditions(
  db: Kysely<Database>,
  siteId: string,
  filter: InboxFilter & { cluster?: number },
): Promise<{ conditions: InboxConditions; searchPending?: number }> {
  const { q, attr, ...rest } = filter;
  const conditions: InboxConditions = { ...rest, siteId };
  if (attr) {
    const at = attr.indexOf('=');
    const key = attr.slice(0, at);
    // The key goes into a JSON path; quotes or backslashes there could change the path's meaning.
    if (/["\\]/.test(key)) throw new AppError('validation_failed', 'attr: the key may not contain " or \\', { field: 'attr' });
    conditions.attr = { key, value: attr.slice(at + 1) };
  }
  let searchPending: number | undefined;
  if (q) {
    // Nothing searchable (only punctuation or emoji) matches nothing rather than everything.
    conditions.match = searchQuery(q) ?? '""';
    const pending = await refreshSearchIndex(db);
    if (pending > 0) searchPending = pending;
    conditions.matchIsCommon = (await searchHits(db, conditions.match, COMMON_HITS)) >= COMMON_HITS;
  }
  return { conditions, searchPending };
}

export async function inboxPage(db: Kysely<Database>, siteId: string, query: InboxQuery): Promise<InboxPage> {
  const { sort, limit, cursor, ...filter } = query;
  const { conditions, searchPending } = await inboxConditions(db, siteId, filter);
  const order: InboxOrder = cursor ? decodeCursor(sort, cursor) : { sort };
  const rows = await listInbox(db, conditions, order, limit + 1);
  const page = rows.slice(0, limit);
  const tags = await tagsOf(db, page.map((r) => r.id));
  const body: InboxPage = { items: page.map((r) => toInboxItem(r, tags, query.cluster === undefined)) };
  if (rows.length > limit) body.nextCursor = encodeCursor(sort, page.at(-1)!);
  if (searchPending !== undefined) body.searchPending = searchPending;
  return body;
}

/** A response of this site as the inbox lists it; 404 for another site's or a missing one. */
export async function inboxItem(db: Kysely<Database>, siteId: string, id: string): Promise<InboxItem> {
  const row = await findInboxRow(db, siteId, id);
  if (!row) throw new AppError('response_not_found', `No response ${id.slice(0, 64)} on this site.`);
  return toInboxItem(row, await tagsOf(db, [id]));
}

/** The survey questions of the exact version answered, with each answer beside its wording. */
export function answeredQuestions(def: SurveyDefinition, answers: Record<string, unknown>): AnsweredQuestion[] {
  return def.questions.flatMap((q): AnsweredQuestion[] => {
    const given = answers[q.id];
    const why = answers[`${q.id}_why`];
    if (given === undefined && why === undefined) return [];
    let answer: AnsweredQuestion['answer'] = null;
    if (q.type === 'single' || q.type === 'multi') {
      const ids = Array.isArray(given) ? given : [given];
      const labels = ids.map((id) => q.options.find((o) => o.id === id)?.label ?? { en: String(id) });
      answer = q.type === 'single' ? (labels[0] ?? null) : labels;
    } else if (typeof given === 'number' || typeof given === 'string') {
      answer = given;
    }
    return [{ id: q.id, type: q.type, text: q.text, answer, ...(typeof why === 'string' ? { why } : {}) }];
  });
}

export async function inboxDetail(db: Kysely<Database>, siteId: string, id: string): Promise<InboxDetail> {
  const row = await findInboxRow(db, siteId, id);
  if (!row) throw new AppError('response_not_found', `No response ${id.slice(0, 64)} on this site.`);
  const item = toInboxItem(row, await tagsOf(db, [id]));
  let surveyName: string | null = null;
  let questions: AnsweredQuestion[] = [];
  if (row.survey_id && row.survey_version !== null) {
    surveyName = (await findSurvey(db, siteId, row.survey_id))?.name ?? null;
    const definition = await findSurveyVersion(db, row.survey_id, row.survey_version);
    if (definition && item.answers) questions = answeredQuestions(JSON.parse(definition) as SurveyDefinition, item.answers);
  }
  const [notes, activity] = await Promise.all([notesOf(db, id), activityOf(db, id)]);
  return {
    item,
    surveyName,
    questions,
    attributes: row.attributes ? (JSON.parse(row.attributes) as Record<string, unknown>) : null,
    notes: notes.map((n) => ({ id: n.id, authorId: n.author_id, authorEmail: n.author_email, text: n.text, createdAt: n.created_at })),
    activity: activity.map((a) => ({
      id: a.id,
      actorId: a.actor_id,
      actorEmail: a.actor_email,
      kind: a.kind,
      from: a.from_value,
      to: a.to_value,
      at: a.created_at,
    })),
  };
}

/** Who a response can be assigned to: agents and admins (viewers only read). */
export function assignees(db: Kysely<Database>): Promise<Assignee[]> {
  return listAssignees(db);
}

/** The site's id, or 404 when there is no such site. */
export async function requireSite(db: Kysely<Database>, id: string): Promise<string> {
  const site = await findSiteById(db, id);
  if (!site) throw new AppError('site_not_found', `No site ${id.slice(0, 64)}.`);
  return site.id;
}
