import type { Kysely } from 'kysely';
import type { BulkBody, BulkResult, InboxItem, WorkflowBody } from '../../shared/schema/inbox.ts';
import { type NewActivity, recordActivity } from '../store/activity.ts';
import type { Database } from '../store/database.ts';
import { findInboxRow, isAssignable, setWorkflow } from '../store/inbox.ts';
import { insertNote } from '../store/notes.ts';
import { addManualTag, removeManualTag, tagsOf } from '../store/tags.ts';
import { AppError } from './app-error.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { inboxItem } from './inbox.ts';

/**
 * Changes to a response's handling — status, assignee, manual tags, notes — each recorded in its
 * activity trail with who and when, in the same transaction as the change itself.
 */

export interface WorkflowDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
}

/** What one call changes; every field optional. */
export interface Change {
  status?: WorkflowBody['status'];
  assigneeId?: string | null;
  addTags?: string[];
  removeTags?: string[];
}

async function apply(trx: Kysely<Database>, siteId: string, actorId: string, id: string, change: Change, now: number): Promise<void> {
  const row = await findInboxRow(trx, siteId, id);
  if (!row) throw new AppError('response_not_found', `No response ${id.slice(0, 64)} on this site.`);
  const trail: NewActivity[] = [];
  const log = (kind: NewActivity['kind'], from: string | null, to: string | null) =>
    trail.push({ response_id: id, actor_id: actorId, kind, from_value: from, to_value: to, created_at: now });

  if (change.status !== undefined && change.status !== row.status) {
    await setWorkflow(trx, id, { status: change.status });
    log('status', row.status, change.status);
  }
  if (change.assigneeId !== undefined && change.assigneeId !== row.assignee_id) {
    if (change.assigneeId !== null && !(await isAssignable(trx, change.assigneeId))) {
      throw new AppError('validation_failed', 'assigneeId: no agent or admin with this id; pick someone from the list.', { field: 'assigneeId' });
    }
    await setWorkflow(trx, id, { assignee_id: change.assigneeId });
    log('assignee', row.assignee_id, change.assigneeId);
  }
  if (change.addTags?.length || change.removeTags?.length) {
    const manual = new Set((await tagsOf(trx, [id])).get(id)?.filter((t) => t.source === 'manual').map((t) => t.tag));
    for (const tag of new Set(change.addTags)) {
      if (manual.has(tag)) continue;
      await addManualTag(trx, id, tag);
      manual.add(tag);
      log('tag_added', null, tag);
    }
    // Rule-made tags follow the rules; only hand-made ones are removed by hand.
    for (const tag of new Set(change.removeTags)) {
      if (!manual.has(tag)) continue;
      await removeManualTag(trx, id, tag);
      manual.delete(tag);
      log('tag_removed', tag, null);
    }
  }
  await recordActivity(trx, trail);
}

/** One response's change; answers the response as the inbox now lists it. */
export async function changeResponse(deps: WorkflowDeps, siteId: string, actorId: string, id: string, change: Change): Promise<InboxItem> {
  await deps.db.transaction().execute((trx) => apply(trx, siteId, actorId, id, change, deps.clock.now()));
  return inboxItem(deps.db, siteId, id);
}

/**
 * The same change on many responses; each succeeds or fails on its own (a missing id does not
 * stop the others), answered id by id in the order asked.
 */
export async function bulkChange(
  deps: WorkflowDeps,
  siteId: string,
  actorId: string,
  body: BulkBody,
): Promise<{ results: BulkResult[]; changed: string[] }> {
  const { ids, ...change } = body;
  if (change.assigneeId && !(await isAssignable(deps.db, change.assigneeId))) {
    throw new AppError('validation_failed', 'assigneeId: no agent or admin with this id; pick someone from the list.', { field: 'assigneeId' });
  }
  const results: BulkResult[] = [];
  const changed: string[] = [];
  const now = deps.clock.now();
  for (const id of new Set(ids)) {
    try {
      await deps.db.transaction().execute((trx) => apply(trx, siteId, actorId, id, change, now));
      results.push({ id, ok: true });
      changed.push(id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return { results, changed };
}

export async function addNote(deps: WorkflowDeps, siteId: string, actorId: string, id: string, text: string) {
  const now = deps.clock.now();
  const noteId = deps.ids.next('note');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await findInboxRow(trx, siteId, id))) throw new AppError('response_not_found', `No response ${id.slice(0, 64)} on this site.`);
    await insertNote(trx, { id: noteId, response_id: id, author_id: actorId, text, created_at: now });
    await recordActivity(trx, [{ response_id: id, actor_id: actorId, kind: 'note', from_value: null, to_value: noteId, created_at: now }]);
  });
  return { id: noteId, authorId: actorId, text, createdAt: now };
}
