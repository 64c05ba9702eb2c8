import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import {
  ListQuerySchema,
  LoginBodySchema,
  type ResponseList,
  type SessionInfo,
  type SiteItem,
} from '../../shared/schema/admin-api.ts';
import { type AdminEnv, SESSION_COOKIE, requireSameOrigin, requireSession, setSessionCookie } from '../http/admin-auth.ts';
import { limitBody, readJson, validate } from '../http/body.ts';
import { clientAddress } from '../http/sender.ts';
import { AppError } from '../services/app-error.ts';
import { type AuthDeps, login, logout } from '../services/auth.ts';
import type { IpHasher } from '../services/ip-hash.ts';
import type { LoginGuard } from '../services/login-guard.ts';
import { decodeCursor, encodeCursor } from '../services/cursor.ts';
import { snippetFor } from '../services/snippet.ts';
import { toResponseItem } from '../services/response-items.ts';
import { allowedOrigins } from '../services/sites.ts';
import type { AdminSession, AdminUser, Database } from '../store/database.ts';
import type { Ids } from '../services/clock-ids.ts';
import { adminSurveyRoutes } from './admin-surveys.ts';
import { listLatestResponses } from '../store/responses.ts';
import { listSites } from '../store/sites.ts';
import { tagsOf } from '../store/tags.ts';
import { adminAnalysisRoutes } from './admin-analysis.ts';
import { adminReportRoutes } from './admin-reports.ts';
import { adminExportRoutes } from './admin-export.ts';
import { adminInboxRoutes } from './admin-inbox.ts';
import { adminLiveRoutes } from './admin-live.ts';
import { LiveFeed } from '../services/live.ts';
import type { TagReapplier } from '../services/tag-rules.ts';
import { adminAccountRoutes, inviteAcceptRoutes } from './admin-accounts.ts';
import { adminSiteRoutes } from './admin-sites.ts';

/** The admin API's body limit, apart from the public API's MAX_BODY_BYTES. */
const ADMIN_MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface AdminApiDeps extends AuthDeps {
  db: Kysely<Database>;
  ids: Ids;
  publicUrl: string;
  cookieSecure: 'auto' | 'true' | 'false';
  /** New and changed responses, for the live stream (app.ts shares it with the ingest routes). */
  live?: LiveFeed;
  liveHeartbeatMs?: number;
  /** Re-tags old responses after a rule change (app.ts starts it, resuming unfinished runs). */
  reapplier: TagReapplier;
  /** Wrong passwords per account and sender (login-guard.ts). */
  guard: LoginGuard;
  /** The sender of a sign-in, as for public writes (http/sender.ts): its key is an in-memory HMAC, never the address. */
  hasher: IpHasher;
  trustProxy: number;
}

function sessionInfo(user: AdminUser, session: AdminSession): SessionInfo {
  return { user: { id: user.id, email: user.email, role: user.role }, csrfToken: session.csrf_token };
}

/** The JSON API behind the admin view, mounted at /admin/api. */
export function adminApiRoutes(deps: AdminApiDeps) {
  const app = new Hono<AdminEnv>();
  // Room for the largest survey the schema allows (30 questions of 20 options, each text 500
  // characters in English and Chinese: about 1.5 MB); the admin API is for signed-in staff only.
  app.use('*', limitBody(ADMIN_MAX_BODY_BYTES));
  app.use('*', async (c, next) => {
    // Admin answers hold customer data: never cache them anywhere.
    c.header('Cache-Control', 'no-store');
    await next();
  });

  app.post('/session', async (c) => {
    requireSameOrigin(c, deps.publicUrl);
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
      throw new AppError('unsupported_media_type', 'Send the login as application/json.');
    }
    const body = validate(LoginBodySchema, await readJson(c));
    const from = clientAddress(c, deps.trustProxy);
    const sender = from ? (await deps.hasher.hash(from.address, from.connection)).limit : '';
    const { token, session, user } = await login(deps, { ...body, userAgent: c.req.header('user-agent') ?? '', sender });
    setSessionCookie(c, deps.cookieSecure, token, deps.publicUrl);
    return c.json(sessionInfo(user, session));
  });

  app.route('/', inviteAcceptRoutes(deps));

  const authed = new Hono<AdminEnv>();
  authed.use('*', requireSession(deps));

  authed.get('/session', (c) => c.json(sessionInfo(c.get('user'), c.get('session'))));

  authed.delete('/session', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logout(deps, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.body(null, 204);
  });

  authed.get('/responses', async (c) => {
    const query = validate(ListQuerySchema, c.req.query());
    const rows = await listLatestResponses(deps.db, {
      limit: query.limit + 1,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const tags = await tagsOf(deps.db, page.map((r) => r.id));
    const body: ResponseList = { items: page.map((r) => toResponseItem(r, tags)) };
    if (rows.length > query.limit && last) body.nextCursor = encodeCursor({ receivedAt: last.received_at, id: last.id });
    return c.json(body);
  });

  authed.get('/sites', async (c) => {
    const sites = await listSites(deps.db);
    const items: SiteItem[] = sites.map((s) => ({
      id: s.id,
      name: s.name,
      publicKey: s.public_key,
      allowedOrigins: allowedOrigins(s),
      snippet: snippetFor(deps.publicUrl, s.public_key),
    }));
    return c.json({ items });
  });

  authed.route('/sites', adminSurveyRoutes(deps));
  authed.route('/sites', adminSiteRoutes(deps));
  authed.route('/', adminAccountRoutes(deps));
  authed.route('/', adminAnalysisRoutes(deps));
  authed.route('/', adminReportRoutes(deps));
  const live = deps.live ?? new LiveFeed();
  authed.route('/', adminInboxRoutes({ ...deps, live }));
  authed.route('/', adminExportRoutes(deps));
  authed.route('/', adminLiveRoutes({ ...deps, live, heartbeatMs: deps.liveHeartbeatMs }));

  app.route('/', authed);
  return app;
}
