import { Hono } from 'hono';
import { TagBodySchema, TagRuleBodySchema, type TagRuleCreated, type TagRuleList } from '../../shared/schema/admin-api.ts';
import { type AdminEnv, requireRole } from '../http/admin-auth.ts';
import { readJson, validate } from '../http/body.ts';
import { AppError } from '../services/app-error.ts';
import { createTagRule, removeTagRule, type TagRuleDeps, toRuleItem } from '../services/tag-rules.ts';
import { siteThemes } from '../services/themes.ts';
import { findSiteById } from '../store/sites.ts';
import { addManualTag, listTagRules, removeManualTag, responseExists, tagsOf } from '../store/tags.ts';

/** Tag rules, manual tags and themes (session required by the parent, mounted at /admin/api). */
export function adminAnalysisRoutes(deps: TagRuleDeps) {
  const app = new Hono<AdminEnv>();
  const { reapplier } = deps;

  async function siteId(id: string): Promise<string> {
    const found = await findSiteById(deps.db, id);
    if (!found) throw new AppError('site_not_found', `No site ${id.slice(0, 64)}.`);
    return found.id;
  }

  async function responseId(id: string): Promise<string> {
    if (!(await responseExists(deps.db, id))) throw new AppError('response_not_found', `No response ${id.slice(0, 64)}.`);
    return id;
  }

  app.get('/sites/:siteId/tag-rules', async (c) => {
    const site = await siteId(c.req.param('siteId'));
    const rules = await listTagRules(deps.db, site);
    return c.json({ items: rules.map(toRuleItem), reapply: reapplier.status(site) } satisfies TagRuleList);
  });

  app.get('/sites/:siteId/tag-rules/reapply', async (c) => {
    return c.json(reapplier.status(await siteId(c.req.param('siteId'))));
  });

  app.post('/sites/:siteId/tag-rules', requireRole('admin'), async (c) => {
    const site = await siteId(c.req.param('siteId'));
    const rule = await createTagRule(deps, site, validate(TagRuleBodySchema, await readJson(c)));
    return c.json({ ...toRuleItem(rule), reapply: reapplier.status(site) } satisfies TagRuleCreated, 201);
  });

  app.delete('/sites/:siteId/tag-rules/:ruleId', requireRole('admin'), async (c) => {
    await removeTagRule(deps, await siteId(c.req.param('siteId')), c.req.param('ruleId'));
    return c.body(null, 204);
  });

  app.get('/sites/:siteId/themes', async (c) => {
    const items = await siteThemes(deps.db, await siteId(c.req.param('siteId')), deps.clock.now());
    return c.json({ items });
  });

  app.post('/responses/:id/tags', requireRole('agent'), async (c) => {
    const id = await responseId(c.req.param('id'));
    await addManualTag(deps.db, id, validate(TagBodySchema, await readJson(c)).tag);
    return c.json({ tags: (await tagsOf(deps.db, [id])).get(id) ?? [] });
  });

  app.delete('/responses/:id/tags/:tag', requireRole('agent'), async (c) => {
    const id = await responseId(c.req.param('id'));
    await removeManualTag(deps.db, id, c.req.param('tag'));
    return c.json({ tags: (await tagsOf(deps.db, [id])).get(id) ?? [] });
  });

  return app;
}
