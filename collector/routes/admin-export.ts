import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { ExportQuerySchema } from '../../shared/schema/inbox.ts';
import type { AdminEnv } from '../http/admin-auth.ts';
import { validate } from '../http/body.ts';
import type { Clock } from '../services/clock-ids.ts';
import { exportStream } from '../services/export.ts';
import { requireSite } from '../services/inbox.ts';
import type { Database } from '../store/database.ts';

/** GET /admin/api/sites/:siteId/export?format=csv|json&<inbox filters>: a streamed download. */
export function adminExportRoutes(deps: { db: Kysely<Database>; clock: Clock }) {
  const app = new Hono<AdminEnv>();
  app.get('/sites/:siteId/export', async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    const query = validate(ExportQuerySchema, c.req.query());
    const { body, contentType, filename } = await exportStream(deps.db, siteId, query, deps.clock.now());
    return c.body(body, 200, {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });
  return app;
}
