import { Hono } from 'hono';
import { SiteCreateBodySchema, SitePatchBodySchema } from '../../shared/schema/accounts.ts';
import { type AdminEnv, requireRole } from '../http/admin-auth.ts';
import { readJson, validate } from '../http/body.ts';
import { AppError } from '../services/app-error.ts';
import { type SiteAdminDeps, createSite, editSite, toSiteItem } from '../services/site-admin.ts';
import { findSiteById } from '../store/sites.ts';

/**
 * Creating sites and editing their name and allowed origins, under /admin/api/sites (session
 * required by the parent). The list is GET /sites in admin-api.ts; widget settings (theme,
 * locale, recontact) are PUT /sites/:siteId/settings in admin-surveys.ts.
 */
export function adminSiteRoutes(deps: SiteAdminDeps) {
  const app = new Hono<AdminEnv>();

  app.post('/', requireRole('admin'), async (c) => {
    return c.json(await createSite(deps, validate(SiteCreateBodySchema, await readJson(c))), 201);
  });

  app.get('/:siteId', async (c) => {
    const site = await findSiteById(deps.db, c.req.param('siteId'));
    if (!site) throw new AppError('site_not_found', `No site ${c.req.param('siteId').slice(0, 64)}.`);
    return c.json(toSiteItem(deps.publicUrl, site));
  });

  app.patch('/:siteId', requireRole('admin'), async (c) => {
    return c.json(await editSite(deps, c.req.param('siteId'), validate(SitePatchBodySchema, await readJson(c))));
  });
  return app;
}
