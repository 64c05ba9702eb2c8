import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import {
  InviteAcceptBodySchema,
  InviteBodySchema,
  InviteLookupBodySchema,
  PasswordChangeBodySchema,
  RoleBodySchema,
} from '../../shared/schema/accounts.ts';
import type { SessionInfo } from '../../shared/schema/admin-api.ts';
import { type AdminEnv, SESSION_COOKIE, requireRole, requireSameOrigin, setSessionCookie } from '../http/admin-auth.ts';
import { readJson, validate } from '../http/body.ts';
import { changePassword, changeRole, listSessions, listUsers, removeUser, revokeSession } from '../services/accounts.ts';
import { AppError } from '../services/app-error.ts';
import type { LoginGuard } from '../services/login-guard.ts';
import { type InviteDeps, acceptInvite, createInvite, lookupInvite, pendingInvites, revokeInvite } from '../services/invites.ts';

export interface AccountRouteDeps extends InviteDeps {
  cookieSecure: 'auto' | 'true' | 'false';
  /** Wrong passwords per sender (login-guard.ts): shared with sign-in. */
  guard: LoginGuard;
}

/**
 * What an invited person does before having an account: read the invite and accept it. No
 * session; the token in the body is the credential. Mounted at /admin/api before the session check.
 */
export function inviteAcceptRoutes(deps: AccountRouteDeps) {
  const app = new Hono<AdminEnv>();

  app.post('/invites/lookup', async (c) => {
    requireSameOrigin(c, deps.publicUrl);
    const { token } = validate(InviteLookupBodySchema, await readJson(c));
    return c.json(await lookupInvite(deps, token));
  });

  app.post('/invites/accept', async (c) => {
    requireSameOrigin(c, deps.publicUrl);
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
      throw new AppError('unsupported_media_type', 'Send the password as application/json.');
    }
    const body = validate(InviteAcceptBodySchema, await readJson(c));
    const { token, session, user } = await acceptInvite(deps, { ...body, userAgent: c.req.header('user-agent') ?? '' });
    setSessionCookie(c, deps.cookieSecure, token, deps.publicUrl);
    const info: SessionInfo = { user: { id: user.id, email: user.email, role: user.role }, csrfToken: session.csrf_token };
    return c.json(info, 201);
  });
  return app;
}

/** Team, invites, the signed-in user's password and sessions (session required by the parent). */
export function adminAccountRoutes(deps: AccountRouteDeps) {
  const app = new Hono<AdminEnv>();

  // Every role reads the team list: the inbox names assignees by it.
  app.get('/users', async (c) => c.json({ items: await listUsers(deps) }));

  app.patch('/users/:userId', requireRole('admin'), async (c) => {
    const { role } = validate(RoleBodySchema, await readJson(c));
    return c.json(await changeRole(deps, c.req.param('userId'), role));
  });

  app.delete('/users/:userId', requireRole('admin'), async (c) => {
    await removeUser(deps, c.req.param('userId'));
    return c.body(null, 204);
  });

  app.get('/invites', requireRole('admin'), async (c) => c.json({ items: await pendingInvites(deps) }));

  app.post('/invites', requireRole('admin'), async (c) => {
    const body = validate(InviteBodySchema, await readJson(c));
    return c.json(await createInvite(deps, c.get('user'), body), 201);
  });

  app.delete('/invites/:inviteId', requireRole('admin'), async (c) => {
    await revokeInvite(deps, c.req.param('inviteId'));
    return c.body(null, 204);
  });

  app.put('/account/password', async (c) => {
    const body = validate(PasswordChangeBodySchema, await readJson(c));
    await changePassword(deps, c.get('user'), c.get('session'), body);
    return c.body(null, 204);
  });

  app.get('/account/sessions', async (c) => {
    return c.json({ items: await listSessions(deps, c.get('session'), c.get('user').id) });
  });

  app.delete('/account/sessions/:sessionId', async (c) => {
    const id = c.req.param('sessionId');
    await revokeSession(deps, id, c.get('user').id);
    if (id === c.get('session').id) deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.body(null, 204);
  });

  app.get('/sessions', requireRole('admin'), async (c) => c.json({ items: await listSessions(deps, c.get('session')) }));

  app.delete('/sessions/:sessionId', requireRole('admin'), async (c) => {
    const id = c.req.param('sessionId');
    await revokeSession(deps, id);
    if (id === c.get('session').id) deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.body(null, 204);
  });
  return app;
}
