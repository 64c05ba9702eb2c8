import type { Kysely } from 'kysely';
import type { TagRuleItem } from '../../shared/schema/admin-api.ts';
import type { Database, TagRule } from '../store/database.ts';
import { deleteTagRule, findTagRule, insertTagRule, listTagRules, replaceAutoTags, tagsOf } from '../store/tags.ts';
import { AppError } from './app-error.ts';
import { tagMatcher } from './auto-tags.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { forgetTagRules } from './response-analysis.ts';

export interface TagRuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
}

const BATCH = 500;

export function toRuleItem(rule: TagRule): TagRuleItem {
  return { id: rule.id, pattern: rule.pattern, tag: rule.tag, createdAt: rule.created_at };
}

/**
 * Re-applies the site's rules to every response it has, so a new or deleted rule holds for old
 * responses too. Only responses whose auto-tags actually change are written. Returns that count.
 */
export async function reapplyTagRules(db: Kysely<Database>, siteId: string): Promise<number> {
  const matcher = tagMatcher(await listTagRules(db, siteId));
  let changed = 0;
  let afterId = '';
  for (;;) {
    const batch = await db
      .selectFrom('responses')
      .select(['id', 'text'])
      .where('site_id', '=', siteId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (batch.length === 0) return changed;
    afterId = batch[batch.length - 1]!.id;
    await db.transaction().execute(async (trx) => {
      const current = await tagsOf(trx, batch.map((r) => r.id));
      for (const row of batch) {
        const want = matcher.tagsFor(row.text);
        const have = (current.get(row.id) ?? []).filter((t) => t.source === 'auto').map((t) => t.tag);
        if (want.length === have.length && want.every((tag) => have.includes(tag))) continue;
        await replaceAutoTags(trx, row.id, want);
        changed++;
      }
    });
  }
}

export async function createTagRule(deps: TagRuleDeps, siteId: string, body: { pattern: string; tag: string }): Promise<TagRule> {
  const existing = await findTagRule(deps.db, siteId, body.pattern, body.tag);
  if (existing) return existing;
  const rule: TagRule = { id: deps.ids.next('tgr'), site_id: siteId, pattern: body.pattern, tag: body.tag, created_at: deps.clock.now() };
  await insertTagRule(deps.db, rule);
  forgetTagRules(siteId);
  await reapplyTagRules(deps.db, siteId);
  return rule;
}

export async function removeTagRule(deps: TagRuleDeps, siteId: string, ruleId: string): Promise<void> {
  if (!(await deleteTagRule(deps.db, siteId, ruleId))) throw new AppError('not_found', `No tag rule ${ruleId.slice(0, 64)} on this site.`);
  forgetTagRules(siteId);
  await reapplyTagRules(deps.db, siteId);
}
