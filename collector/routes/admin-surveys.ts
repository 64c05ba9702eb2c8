import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { SiteSettingsSchema } from '../../shared/schema/site-config.ts';
import { SURVEY_STATUSES } from '../../shared/schema/survey.ts';
import { type AdminEnv, requireRole } from '../http/admin-auth.ts';
import { readJson, validate } from '../http/body.ts';
import { AppError } from '../services/app-error.ts';
import type { Clock, Ids } from '../services/clock-ids.ts';
import { siteSettings } from '../services/site-config.ts';
import { changeSurveyStatus, createSurvey, listSurveys, surveyVersions, updateSurvey } from '../services/surveys.ts';
import type { Database } from '../store/database.ts';
import { findSiteById, updateSiteSettings } from '../store/sites.ts';

const StatusBodySchema = v.strictObject({ status: v.picklist(SURVEY_STATUSES) });

/**
 * The version an edit was made on, from `If-Match: "3"` (the admin editor sends it, so a save over
 * another admin's newer version is refused: services/surveys.ts); undefined without the header.
 */
function baseVersionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const version = /^\s*"?(\d{1,9})"?\s*$/.exec(header)?.[1];
  if (version === undefined) throw new AppError('bad_request', 'If-Match must name the survey version the edit was made on, e.g. If-Match: "3".');
  return Number(version);
}

/** Surveys and widget settings per site, under /admin/api/sites/:siteId (session required by the parent). */
export function adminSurveyRoutes(deps: { db: Kysely<Database>; clock: Clock; ids: Ids }) {
  const app = new Hono<AdminEnv>();

  async function site(id: string) {
    const found = await findSiteById(deps.db, id);
    if (!found) throw new AppError('site_not_found', `No site ${id.slice(0, 64)}.`);
    return found;
  }

  app.get('/:siteId/settings', async (c) => c.json(siteSettings(await site(c.req.param('siteId')))));

  app.put('/:siteId/settings', requireRole('admin'), async (c) => {
    const found = await site(c.req.param('siteId'));
    const settings = validate(SiteSettingsSchema, await readJson(c));
    await updateSiteSettings(deps.db, found.id, JSON.stringify(settings), deps.clock.now());
    return c.json(settings);
  });

  app.get('/:siteId/surveys', async (c) => {
    const found = await site(c.req.param('siteId'));
    return c.json({ items: await listSurveys(deps.db, found.id) });
  });

  app.post('/:siteId/surveys', requireRole('admin'), async (c) => {
    const found = await site(c.req.param('siteId'));
    return c.json(await createSurvey(deps, found.id, await readJson(c)), 201);
  });

  app.put('/:siteId/surveys/:surveyId', requireRole('admin'), async (c) => {
    const found = await site(c.req.param('siteId'));
    const baseVersion = baseVersionOf(c.req.header('if-match'));
    return c.json(await updateSurvey(deps, found.id, c.req.param('surveyId'), await readJson(c), baseVersion));
  });

  app.get('/:siteId/surveys/:surveyId/versions', async (c) => {
    const found = await site(c.req.param('siteId'));
    return c.json({ items: await surveyVersions(deps.db, found.id, c.req.param('surveyId')) });
  });

  app.post('/:siteId/surveys/:surveyId/status', requireRole('admin'), async (c) => {
    const found = await site(c.req.param('siteId'));
    const { status } = validate(StatusBodySchema, await readJson(c));
    await changeSurveyStatus(deps, found.id, c.req.param('surveyId'), status);
    return c.body(null, 204);
  });
  return app;
}
