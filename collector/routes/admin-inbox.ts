import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { BulkBodySchema, InboxQuerySchema, InboxTagBodySchema, NoteBodySchema, WorkflowBodySchema } from '../../shared/schema/inbox.ts';
import { type AdminEnv, requireRole } from '../http/admin-auth.ts';
import { readJson, validate } from '../http/body.ts';
import type { Clock, Ids } from '../services/clock-ids.ts';
import { assignees, inboxDetail, inboxPage, requireSite } from '../services/inbox.ts';
import type { LiveFeed } from '../services/live.ts';
import { addNote, bulkChange, changeResponse } from '../services/workflow.ts';
import type { Database } from '../store/database.ts';

export interface InboxRouteDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
  live: LiveFeed;
}

/**
 * The inbox under /admin/api/sites/:siteId/inbox (session required by the parent): everyone
 * signed in reads; agents and admins change status, assignee, tags and notes. Every change is
 * published to the site's live stream after its transaction committed.
 */
export function adminInboxRoutes(deps: InboxRouteDeps) {
  const app = new Hono<AdminEnv>();
  const agent = requireRole('agent');

  app.get('/sites/:siteId/inbox', async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    return c.json(await inboxPage(deps.db, siteId, validate(InboxQuerySchema, c.req.query())));
  });

  app.get('/sites/:siteId/inbox-assignees', async (c) => {
    await requireSite(deps.db, c.req.param('siteId'));
    return c.json({ items: await assignees(deps.db) });
  });

  app.get('/sites/:siteId/inbox/:id', async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    return c.json(await inboxDetail(deps.db, siteId, c.req.param('id')));
  });

  app.patch('/sites/:siteId/inbox/:id', agent, async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    const body = validate(WorkflowBodySchema, await readJson(c));
    const item = await changeResponse(deps, siteId, c.get('user').id, c.req.param('id'), body);
    deps.live.publish(siteId, item.id);
    return c.json(item);
  });

  app.post('/sites/:siteId/inbox/:id/tags', agent, async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    const { tag } = validate(InboxTagBodySchema, await readJson(c));
    const item = await changeResponse(deps, siteId, c.get('user').id, c.req.param('id'), { addTags: [tag] });
    deps.live.publish(siteId, item.id);
    return c.json(item);
  });

  app.delete('/sites/:siteId/inbox/:id/tags/:tag', agent, async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    const { tag } = validate(InboxTagBodySchema, { tag: c.req.param('tag') });
    const item = await changeResponse(deps, siteId, c.get('user').id, c.req.param('id'), { removeTags: [tag] });
    deps.live.publish(siteId, item.id);
    return c.json(item);
  });

  app.post('/sites/:siteId/inbox/:id/notes', agent, async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    const { text } = validate(NoteBodySchema, await readJson(c));
    const note = await addNote(deps, siteId, c.get('user').id, c.req.param('id'), text);
    return c.json({ ...note, authorEmail: c.get('user').email }, 201);
  });

  app.post('/sites/:siteId/inbox-bulk', agent, async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    const body = validate(BulkBodySchema, await readJson(c));
    const { results, changed } = await bulkChange(deps, siteId, c.get('user').id, body);
    for (const id of changed) deps.live.publish(siteId, id);
    return c.json({ results });
  });

  return app;
}
