import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../shared/schema/admin-api.ts';
import { openSession } from '../collector/services/auth.ts';
import { insertAdmin } from '../collector/store/admin-users.ts';
import type { AdminUser } from '../collector/store/database.ts';
import { ORIGIN, type TestContext, createTestContext, feedback, postResponse } from './helpers/context.ts';

/**
 * Who may call each admin API route: 'public' needs no session; otherwise the lowest role that
 * may (viewer < agent < admin). Every route registered under /admin/api must be listed here, so a
 * new route cannot ship without someone deciding who may call it.
 */
const EXPECTED: Record<string, 'public' | Role> = {
  'POST /admin/api/session': 'public',
  'POST /admin/api/invites/lookup': 'public',
  'POST /admin/api/invites/accept': 'public',

  'GET /admin/api/session': 'viewer',
  'DELETE /admin/api/session': 'viewer',
  'GET /admin/api/responses': 'viewer',

  'GET /admin/api/sites': 'viewer',
  'POST /admin/api/sites': 'admin',
  'GET /admin/api/sites/:siteId': 'viewer',
  'PATCH /admin/api/sites/:siteId': 'admin',
  'GET /admin/api/sites/:siteId/settings': 'viewer',
  'PUT /admin/api/sites/:siteId/settings': 'admin',

  'GET /admin/api/sites/:siteId/surveys': 'viewer',
  'POST /admin/api/sites/:siteId/surveys': 'admin',
  'PUT /admin/api/sites/:siteId/surveys/:surveyId': 'admin',
  'GET /admin/api/sites/:siteId/surveys/:surveyId/versions': 'viewer',
  'POST /admin/api/sites/:siteId/surveys/:surveyId/status': 'admin',

  'GET /admin/api/sites/:siteId/tag-rules': 'viewer',
  'GET /admin/api/sites/:siteId/tag-rules/reapply': 'viewer',
  'POST /admin/api/sites/:siteId/tag-rules': 'admin',
  'DELETE /admin/api/sites/:siteId/tag-rules/:ruleId': 'admin',
  'GET /admin/api/sites/:siteId/themes': 'viewer',
  'POST /admin/api/responses/:id/tags': 'agent',
  'DELETE /admin/api/responses/:id/tags/:tag': 'agent',

  'GET /admin/api/sites/:siteId/inbox': 'viewer',
  'GET /admin/api/sites/:siteId/inbox-assignees': 'viewer',
  'GET /admin/api/sites/:siteId/inbox/:id': 'viewer',
  'PATCH /admin/api/sites/:siteId/inbox/:id': 'agent',
  'POST /admin/api/sites/:siteId/inbox/:id/tags': 'agent',
  'DELETE /admin/api/sites/:siteId/inbox/:id/tags/:tag': 'agent',
  'POST /admin/api/sites/:siteId/inbox/:id/notes': 'agent',
  'POST /admin/api/sites/:siteId/inbox-bulk': 'agent',
  'GET /admin/api/sites/:siteId/export': 'viewer',
  'GET /admin/api/sites/:siteId/live': 'viewer',

  'GET /admin/api/sites/:siteId/reports/summary': 'viewer',
  'GET /admin/api/sites/:siteId/reports/trend': 'viewer',
  'GET /admin/api/sites/:siteId/reports/response-rate': 'viewer',
  'GET /admin/api/sites/:siteId/reports/sentiment': 'viewer',
  'GET /admin/api/sites/:siteId/reports/themes': 'viewer',
  'GET /admin/api/sites/:siteId/reports/compare': 'viewer',

  'GET /admin/api/users': 'viewer',
  'PATCH /admin/api/users/:userId': 'admin',
  'DELETE /admin/api/users/:userId': 'admin',
  'GET /admin/api/invites': 'admin',
  'POST /admin/api/invites': 'admin',
  'DELETE /admin/api/invites/:inviteId': 'admin',
  'PUT /admin/api/account/password': 'viewer',
  'GET /admin/api/account/sessions': 'viewer',
  'DELETE /admin/api/account/sessions/:sessionId': 'viewer',
  'GET /admin/api/sessions': 'admin',
  'DELETE /admin/api/sessions/:sessionId': 'admin',
};

const RANK = { viewer: 0, agent: 1, admin: 2 } as const;
const ROLES: Role[] = ['viewer', 'agent', 'admin'];

let ctx: TestContext;
const users = new Map<Role, AdminUser>();
let responseId = '';

/** Every route Hono registered under /admin/api, once each; middleware (`ALL …/*`) left out. */
function registeredRoutes(): string[] {
  const keys = ctx.app.routes
    .filter((r) => r.path.startsWith('/admin/api') && !(r.method === 'ALL' && r.path.endsWith('*')))
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)];
}

/**
 * A concrete URL for a route pattern. The site and the response exist, so an allowed role gets
 * past the lookups; other ids name nothing, so no allowed call removes a user or a session the
 * walk still needs.
 */
function concretePath(pattern: string): string {
  return pattern.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
    if (name === 'siteId') return ctx.site.id;
    if (name === 'id' || name === 'responseId') return responseId;
    return `missing_${name}`;
  });
}

/** Each call gets a fresh session: a walk over DELETE /session must not sign the next call out. */
async function request(key: string, as: Role | null): Promise<number> {
  const [method, pattern] = key.split(' ') as [string, string];
  const headers: Record<string, string> = { origin: ORIGIN, 'content-type': 'application/json' };
  if (as) {
    const { token, session } = await openSession({ db: ctx.store.db, clock: ctx.clock }, users.get(as)!, 'roles-test');
    headers.cookie = `fl_session=${token}`;
    headers['x-csrf-token'] = session.csrf_token;
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const res = await ctx.app.request(concretePath(pattern), { method, headers, body: hasBody ? '{}' : undefined });
  // Streams (live events, exports) stay open otherwise.
  await res.body?.cancel();
  return res.status;
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of ROLES) {
    const user: AdminUser = {
      id: `usr_roles_${role}`,
      email: `${role}@roles.test`,
      password_hash: 'scrypt$unused',
      role,
      failed_logins: 0,
      locked_until: null,
      created_at: ctx.clock.now(),
    };
    await insertAdmin(ctx.store.db, user);
    users.set(role, user);
  }
  const res = await postResponse(ctx, feedback());
  responseId = ((await res.json()) as { id: string }).id;
  expect(responseId).toBeTruthy();
});

afterAll(async () => {
  await ctx?.close();
});

describe('every admin API route checks the role', () => {
  it('has a role expectation for every registered route', () => {
    const missing = registeredRoutes().filter((key) => !(key in EXPECTED));
    expect(
      missing,
      `No role expectation for ${missing.map((k) => `"${k}"`).join(', ')}: add each to EXPECTED in test/admin-roles.test.ts`,
    ).toEqual([]);
  });

  it('lists no route that is not registered (a typo would test nothing)', () => {
    const registered = new Set(registeredRoutes());
    const stale = Object.keys(EXPECTED).filter((key) => !registered.has(key));
    expect(stale, `EXPECTED in test/admin-roles.test.ts names routes that do not exist: ${stale.join(', ')}`).toEqual([]);
  });

  it('answers 401 to nobody, 403 to a role too low, and lets each allowed role through', async () => {
    const wrong: string[] = [];
    for (const key of registeredRoutes()) {
      const min = EXPECTED[key];
      if (!min) continue;
      const anonymous = await request(key, null);
      if (min === 'public' ? anonymous === 401 || anonymous === 403 : anonymous !== 401) {
        wrong.push(`${key} as nobody: ${anonymous} (expected ${min === 'public' ? 'not 401/403' : '401'})`);
      }
      for (const role of ROLES) {
        const status = await request(key, role);
        const allowed = min === 'public' || RANK[role] >= RANK[min];
        if (allowed ? status === 401 || status === 403 : status !== 403) {
          wrong.push(`${key} as ${role}: ${status} (expected ${allowed ? 'not 401/403' : '403'})`);
        }
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});
