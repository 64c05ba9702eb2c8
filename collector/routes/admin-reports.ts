import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { CompareQuerySchema, ReportFilterSchema, TrendQuerySchema } from '../../shared/schema/reports.ts';
import { type AdminEnv, requireRole } from '../http/admin-auth.ts';
import { validate } from '../http/body.ts';
import { AppError } from '../services/app-error.ts';
import type { Clock } from '../services/clock-ids.ts';
import { startRollupWarmer } from '../services/rollups.ts';
import { compareReport, responseRateReport, sentimentReport, summaryReport, themesReport, trendReport } from '../services/reports.ts';
import type { Database } from '../store/database.ts';
import { findSiteById, listSites } from '../store/sites.ts';

/**
 * Dashboards: /admin/api/sites/:siteId/reports/… (session required by the parent; every role
 * may read). Each report takes the inbox filters (shared/schema/reports.ts) and answers with the
 * inbox filter of every number it shows, so the admin view can link each one to its responses.
 */
export function adminReportRoutes(deps: { db: Kysely<Database>; clock: Clock }) {
  const app = new Hono<AdminEnv>();
  app.use('/sites/:siteId/reports/*', requireRole('viewer'));
  startRollupWarmer(deps.db, deps.clock, async () => (await listSites(deps.db)).map((s) => s.id));

  async function siteId(id: string): Promise<string> {
    const found = await findSiteById(deps.db, id);
    if (!found) throw new AppError('site_not_found', `No site ${id.slice(0, 64)}.`);
    return found.id;
  }

  app.get('/sites/:siteId/reports/summary', async (c) => {
    const filter = validate(ReportFilterSchema, c.req.query());
    return c.json(await summaryReport(deps, await siteId(c.req.param('siteId')), filter, c.req.query('to')));
  });

  app.get('/sites/:siteId/reports/trend', async (c) => {
    const query = validate(TrendQuerySchema, c.req.query());
    return c.json(await trendReport(deps, await siteId(c.req.param('siteId')), query, c.req.query('to')));
  });

  app.get('/sites/:siteId/reports/response-rate', async (c) => {
    const filter = validate(ReportFilterSchema, c.req.query());
    return c.json(await responseRateReport(deps, await siteId(c.req.param('siteId')), filter, c.req.query('to')));
  });

  app.get('/sites/:siteId/reports/sentiment', async (c) => {
    const filter = validate(ReportFilterSchema, c.req.query());
    return c.json(await sentimentReport(deps, await siteId(c.req.param('siteId')), filter, c.req.query('to')));
  });

  app.get('/sites/:siteId/reports/themes', async (c) => {
    const filter = validate(ReportFilterSchema, c.req.query());
    return c.json(await themesReport(deps, await siteId(c.req.param('siteId')), filter, c.req.query('to')));
  });

  app.get('/sites/:siteId/reports/compare', async (c) => {
    const query = validate(CompareQuerySchema, c.req.query());
    return c.json(await compareReport(deps, await siteId(c.req.param('siteId')), query, c.req.query('to')));
  });

  return app;
}
