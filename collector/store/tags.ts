import type { Kysely } from 'kysely';
import type { Database, TagRule } from './database.ts';

export function listTagRules(db: Kysely<Database>, siteId: string): Promise<TagRule[]> {
  return db.selectFrom('tag_rules').selectAll().where('site_id', '=', siteId).orderBy('created_at').orderBy('id').execute();
}

/** Whether the rule was added: false when the site has the same pattern and tag already. */
export async function insertTagRule(db: Kysely<Database>, rule: TagRule): Promise<boolean> {
  const result = await db.insertInto('tag_rules').values(rule).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export function findTagRule(db: Kysely<Database>, siteId: string, pattern: string, tag: string): Promise<TagRule | undefined> {
  return db
    .selectFrom('tag_rules')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('pattern', '=', pattern)
    .where('tag', '=', tag)
    .executeTakeFirst();
}

/** Whether a rule was deleted. */
export async function deleteTagRule(db: Kysely<Database>, siteId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('tag_rules').where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Records that the site's responses must be re-tagged (its rules changed at `now`). */
export async function markReapplyPending(db: Kysely<Database>, siteId: string, now: number): Promise<void> {
  await db
    .insertInto('tag_reapply_pending')
    .values({ site_id: siteId, requested_at: now })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ requested_at: now }))
    .execute();
}

/** A re-application that started at `startedAt` is done: requests made after it stay. */
export async function clearReapplyPending(db: Kysely<Database>, siteId: string, startedAt: number): Promise<void> {
  await db.deleteFrom('tag_reapply_pending').where('site_id', '=', siteId).where('requested_at', '<=', startedAt).execute();
}

/** Sites whose responses still await re-tagging (a run was cut short by a restart). */
export async function sitesAwaitingReapply(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('tag_reapply_pending').select('site_id').orderBy('requested_at').execute();
  return rows.map((r) => r.site_id);
}

/** Replaces the rule-made tags of a response; manual tags are never touched here. */
export async function replaceAutoTags(db: Kysely<Database>, responseId: string, tags: readonly string[]): Promise<void> {
  await db.deleteFrom('response_tags').where('response_id', '=', responseId).where('source', '=', 'auto').execute();
  if (tags.length > 0) {
    await db
      .insertInto('response_tags')
      .values(tags.map((tag) => ({ response_id: responseId, tag, source: 'auto' as const })))
      .execute();
  }
}

export async function addManualTag(db: Kysely<Database>, responseId: string, tag: string): Promise<void> {
  await db
    .insertInto('response_tags')
    .values({ response_id: responseId, tag, source: 'manual' })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeManualTag(db: Kysely<Database>, responseId: string, tag: string): Promise<void> {
  await db.deleteFrom('response_tags').where('response_id', '=', responseId).where('tag', '=', tag).where('source', '=', 'manual').execute();
}

export type TagsByResponse = Map<string, Array<{ tag: string; source: 'auto' | 'manual' }>>;

export async function tagsOf(db: Kysely<Database>, responseIds: readonly string[]): Promise<TagsByResponse> {
  const byId: TagsByResponse = new Map();
  if (responseIds.length === 0) return byId;
  const rows = await db
    .selectFrom('response_tags')
    .selectAll()
    .where('response_id', 'in', responseIds)
    .orderBy('tag')
    .execute();
  for (const row of rows) {
    const list = byId.get(row.response_id) ?? [];
    list.push({ tag: row.tag, source: row.source });
    byId.set(row.response_id, list);
  }
  return byId;
}

export async function responseExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('responses').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
