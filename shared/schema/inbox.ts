import * as v from 'valibot';
import type { ResponseItem } from './admin-api.ts';
import { InboxFilterSchema, RESPONSE_STATUSES, type ResponseStatus } from './inbox-query.ts';

/**
 * The inbox API (/admin/api/sites/:siteId/inbox …): its queries, bodies and answers. Filters are
 * InboxFilterSchema's, so an inbox URL, an API query and an export share one vocabulary.
 */

export const INBOX_SORTS = ['newest', 'priority'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

/** Filters plus sort and keyset paging; `cluster` lists one duplicate cluster's members. */
export const InboxQuerySchema = v.object({
  ...InboxFilterSchema.entries,
  sort: v.optional(v.picklist(INBOX_SORTS), 'newest'),
  cluster: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be a cluster number'), v.transform(Number))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number'), v.transform(Number), v.minValue(1), v.maxValue(200)),
    '50',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(300))),
});
export type InboxQuery = v.InferOutput<typeof InboxQuerySchema>;

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export const ExportQuerySchema = v.object({
  ...InboxFilterSchema.entries,
  sort: v.optional(v.picklist(INBOX_SORTS), 'newest'),
  format: v.optional(v.picklist(EXPORT_FORMATS), 'csv'),
});
export type ExportQuery = v.InferOutput<typeof ExportQuerySchema>;

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Tag = v.pipe(v.string(), v.trim(), v.minLength(1, 'enter a tag'), v.maxLength(64));

/** A change to one response's workflow; `assigneeId: null` unassigns. */
export const WorkflowBodySchema = v.pipe(
  v.strictObject({
    status: v.optional(v.picklist(RESPONSE_STATUSES)),
    assigneeId: v.optional(v.nullable(Id)),
  }),
  v.check((b) => b.status !== undefined || b.assigneeId !== undefined, 'send a status or an assigneeId'),
);
export type WorkflowBody = v.InferOutput<typeof WorkflowBodySchema>;

export const NoteBodySchema = v.strictObject({
  text: v.pipe(v.string(), v.trim(), v.minLength(1, 'write a note'), v.maxLength(5000)),
});

export const InboxTagBodySchema = v.strictObject({ tag: Tag });

export const MAX_BULK = 500;

/** One action on a selection: any of status, assignee, tags to add and to remove. */
export const BulkBodySchema = v.pipe(
  v.strictObject({
    ids: v.pipe(v.array(Id), v.minLength(1, 'select at least one response'), v.maxLength(MAX_BULK, `at most ${MAX_BULK} at once`)),
    status: v.optional(v.picklist(RESPONSE_STATUSES)),
    assigneeId: v.optional(v.nullable(Id)),
    addTags: v.optional(v.pipe(v.array(Tag), v.maxLength(20))),
    removeTags: v.optional(v.pipe(v.array(Tag), v.maxLength(20))),
  }),
  v.check(
    (b) => b.status !== undefined || b.assigneeId !== undefined || !!b.addTags?.length || !!b.removeTags?.length,
    'choose something to change',
  ),
);
export type BulkBody = v.InferOutput<typeof BulkBodySchema>;

/** A response as the inbox lists it. */
export interface InboxItem extends ResponseItem {
  status: ResponseStatus;
  assigneeId: string | null;
  /** Set on a collapsed duplicate cluster: this newest member stands for `duplicateCount` copies. */
  collapsed: boolean;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor?: string;
  /** Texts still waiting for the search index (only when a search was asked and it is catching up). */
  searchPending?: number;
}

export interface InboxNote {
  id: string;
  authorId: string | null;
  authorEmail: string | null;
  text: string;
  createdAt: number;
}

export type ActivityKind = 'status' | 'assignee' | 'tag_added' | 'tag_removed' | 'note';

export interface InboxActivity {
  id: number;
  actorId: string | null;
  actorEmail: string | null;
  kind: ActivityKind;
  from: string | null;
  to: string | null;
  at: number;
}

/** A question of the survey version the response answered, with the answer given. */
export interface AnsweredQuestion {
  id: string;
  type: string;
  /** Wording in English and, when written, Chinese, as in that version. */
  text: { en: string; 'zh-CN'?: string };
  /** Option labels of a choice answer; the number or text otherwise. */
  answer: string | number | Array<{ en: string; 'zh-CN'?: string }> | { en: string; 'zh-CN'?: string } | null;
  /** The "why?" text of a rating, when given. */
  why?: string;
}

export interface InboxDetail {
  item: InboxItem;
  surveyName: string | null;
  questions: AnsweredQuestion[];
  attributes: Record<string, unknown> | null;
  notes: InboxNote[];
  activity: InboxActivity[];
}

export interface Assignee {
  id: string;
  email: string;
  role: 'admin' | 'agent' | 'viewer';
}

export type BulkResult = { id: string; ok: true } | { id: string; ok: false; error: { code: string; message: string } };

/** Server-sent events of GET /admin/api/sites/:siteId/live. */
export interface LiveResponseEvent {
  /** A response of this site was stored or changed; the item as the inbox lists it. */
  item: InboxItem;
}
