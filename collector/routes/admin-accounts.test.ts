import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedInvite, InviteItem, SessionItem, UserItem } from '../../shared/schema/accounts.ts';
import type { SessionInfo } from '../../shared/schema/admin-api.ts';
import { ADMIN, ORIGIN, type TestContext, createTestContext, feedback, postResponse, signIn, adminRequest, type AdminSession } from '../../test/helpers/context.ts';
import { MAX_FAILED_PER_SENDER } from '../services/login-guard.ts';
import { INVITE_TTL_MS } from '../services/invites.ts';

let ctx: TestContext;
let admin: { cookie: string; csrf: string };
beforeEach(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx);
});
afterEach(async () => {
  await ctx.close();
});

type Who = AdminSession;

const call = (who: Who | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  adminRequest(ctx, who, method, path, body, headers);

async function code(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

function tokenOf(link: string): string {
  return link.split('#/invite/')[1]!;
}

async function invite(email: string, role: 'admin' | 'agent' | 'viewer'): Promise<CreatedInvite> {
  const res = await call(admin, 'POST', '/invites', { email, role });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedInvite;
}

async function accept(token: string, password = 'a long enough password'): Promise<Who & { res: Response; info: SessionInfo }> {
  const res = await call(null, 'POST', '/invites/accept', { token, password });
  const info = res.status === 201 ? ((await res.clone().json()) as SessionInfo) : (undefined as unknown as SessionInfo);
  return { res, info, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: info?.csrfToken ?? '' };
}

describe('invites', () => {
  it('gives a one-time link whose token is stored only as a hash, and accepting it creates and signs in the user', async () => {
    const created = await invite('Agent@Example.test', 'agent');
    expect(created.link).toMatch(new RegExp(`^${ORIGIN}/admin/#/invite/[A-Za-z0-9_-]{40,}$`));
    expect(created.invite).toMatchObject({ email: 'agent@example.test', role: 'agent' });
    expect(created.invite.expiresAt - created.invite.createdAt).toBe(INVITE_TTL_MS);
    const token = tokenOf(created.link);
    const rows = await ctx.store.db.selectFrom('admin_invites').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);

    const lookup = await call(null, 'POST', '/invites/lookup', { token });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toMatchObject({ email: 'agent@example.test', role: 'agent' });

    const agent = await accept(token);
    expect(agent.res.status).toBe(201);
    expect(agent.info.user).toMatchObject({ email: 'agent@example.test', role: 'agent' });
    expect(agent.res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const me = await call(agent, 'GET', '/session');
    expect(((await me.json()) as SessionInfo).user.role).toBe('agent');
    // The same password signs in later.
    const login = await call(null, 'POST', '/session', { email: 'agent@example.test', password: 'a long enough password' });
    expect(login.status).toBe(200);
  });

  it('works once: a second accept of the same link is refused and creates nothing', async () => {
    const token = tokenOf((await invite('once@example.test', 'viewer')).link);
    expect((await accept(token)).res.status).toBe(201);
    const again = await accept(token, 'another long password');
    expect(again.res.status).toBe(404);
    expect(await code(again.res)).toBe('invite_not_found');
    const users = await ctx.store.db.selectFrom('admin_users').select('email').where('email', '=', 'once@example.test').execute();
    expect(users).toHaveLength(1);
  });

  it('expires after 7 days', async () => {
    const token = tokenOf((await invite('late@example.test', 'agent')).link);
    ctx.clock.advance(INVITE_TTL_MS + 1);
    expect((await call(null, 'POST', '/invites/lookup', { token })).status).toBe(404);
    expect((await accept(token)).res.status).toBe(404);
  });

  it('refuses a password shorter than the minimum, and keeps the invite usable', async () => {
    const token = tokenOf((await invite('short@example.test', 'agent')).link);
    const short = await accept(token, 'short');
    expect(short.res.status).toBe(422);
    expect(await code(short.res)).toBe('validation_failed');
    expect((await accept(token)).res.status).toBe(201);
  });

  it('lists pending invites for admins and revokes them', async () => {
    const created = await invite('pending@example.test', 'viewer');
    const list = (await (await call(admin, 'GET', '/invites')).json()) as { items: InviteItem[] };
    expect(list.items.map((i) => i.email)).toEqual(['pending@example.test']);
    expect(JSON.stringify(list)).not.toContain(tokenOf(created.link));
    expect((await call(admin, 'DELETE', `/invites/${created.invite.id}`)).status).toBe(204);
    expect((await accept(tokenOf(created.link))).res.status).toBe(404);
    expect((await call(admin, 'DELETE', `/invites/${created.invite.id}`)).status).toBe(404);
  });

  it('inviting the same address again replaces the earlier link', async () => {
    const first = await invite('twice@example.test', 'viewer');
    await invite('twice@example.test', 'agent');
    expect((await accept(tokenOf(first.link))).res.status).toBe(404);
  });

  it('refuses to invite an address that already has an account', async () => {
    const res = await call(admin, 'POST', '/invites', { email: ADMIN.email, role: 'agent' });
    expect(res.status).toBe(409);
    expect(await code(res)).toBe('email_taken');
  });

  it('refuses a cross-site accept', async () => {
    const token = tokenOf((await invite('x@example.test', 'agent')).link);
    const res = await call(null, 'POST', '/invites/accept', { token, password: 'a long enough password' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('team', () => {
  it('changes roles, applied to open sessions at once, and never demotes or removes the last admin', async () => {
    const agent = await accept(tokenOf((await invite('a@example.test', 'agent')).link));
    const users = (await (await call(admin, 'GET', '/users')).json()) as { items: UserItem[] };
    const self = users.items.find((u) => u.email === ADMIN.email)!;
    const other = users.items.find((u) => u.email === 'a@example.test')!;

    const demote = await call(admin, 'PATCH', `/users/${self.id}`, { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect(await code(demote)).toBe('last_admin');
    expect((await call(admin, 'DELETE', `/users/${self.id}`)).status).toBe(409);

    expect((await call(agent, 'GET', '/invites')).status).toBe(403);
    const promoted = await call(admin, 'PATCH', `/users/${other.id}`, { role: 'admin' });
    expect(((await promoted.json()) as UserItem).role).toBe('admin');
    expect((await call(agent, 'GET', '/invites')).status).toBe(200);

    // With two admins, the first may step down.
    expect((await call(admin, 'PATCH', `/users/${self.id}`, { role: 'viewer' })).status).toBe(200);
    expect((await call(agent, 'PATCH', `/users/${self.id}`, { role: 'admin' })).status).toBe(200);
  });

  it('removing a user ends their sessions and hands their assigned responses back', async () => {
    const agent = await accept(tokenOf((await invite('gone@example.test', 'agent')).link));
    const sent = (await (await postResponse(ctx, feedback())).json()) as { id: string };
    await ctx.store.db.updateTable('responses').set({ assignee_id: agent.info.user.id }).where('id', '=', sent.id).execute();
    expect((await call(admin, 'DELETE', `/users/${agent.info.user.id}`)).status).toBe(204);
    expect((await call(agent, 'GET', '/session')).status).toBe(401);
    const row = await ctx.store.db.selectFrom('responses').select('assignee_id').where('id', '=', sent.id).executeTakeFirstOrThrow();
    expect(row.assignee_id).toBeNull();
    expect((await call(admin, 'DELETE', `/users/${agent.info.user.id}`)).status).toBe(404);
  });

  it('rejects an unknown role', async () => {
    const users = (await (await call(admin, 'GET', '/users')).json()) as { items: UserItem[] };
    const res = await call(admin, 'PATCH', `/users/${users.items[0]!.id}`, { role: 'owner' });
    expect(res.status).toBe(422);
  });
});

describe('password change', () => {
  it('needs the current password, then signs out every other session of that user', async () => {
    const other = await signIn(ctx);
    const wrong = await call(admin, 'PUT', '/account/password', { currentPassword: 'nope', newPassword: 'brand new password' });
    expect(wrong.status).toBe(422);
    expect(await code(wrong)).toBe('wrong_password');
    expect((await call(other, 'GET', '/session')).status).toBe(200);

    const tooShort = await call(admin, 'PUT', '/account/password', { currentPassword: ADMIN.password, newPassword: 'short' });
    expect(tooShort.status).toBe(422);

    const ok = await call(admin, 'PUT', '/account/password', { currentPassword: ADMIN.password, newPassword: 'brand new password' });
    expect(ok.status).toBe(204);
    expect((await call(admin, 'GET', '/session')).status).toBe(200);
    expect((await call(other, 'GET', '/session')).status).toBe(401);
    expect((await call(null, 'POST', '/session', ADMIN)).status).toBe(401);
    expect((await call(null, 'POST', '/session', { email: ADMIN.email, password: 'brand new password' })).status).toBe(200);
  });

  it('locks a session out of changing the password after wrong current passwords, so an open session cannot guess it', async () => {
    const attempt = () => call(admin, 'PUT', '/account/password', { currentPassword: 'a wrong guess', newPassword: 'brand new password' });
    for (let i = 0; i < MAX_FAILED_PER_SENDER - 1; i++) expect((await attempt()).status).toBe(422);
    const locking = await attempt();
    expect(locking.status).toBe(429);
    expect(await code(locking)).toBe('account_locked');
    const right = await call(admin, 'PUT', '/account/password', { currentPassword: ADMIN.password, newPassword: 'brand new password' });
    expect(right.status).toBe(429);
    // Whoever guessed from that session keeps nobody else out: the owner still signs in.
    expect((await call(null, 'POST', '/session', ADMIN)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('lists my sessions by opaque id with the browser class and marks this one; I can revoke another', async () => {
    const other = await signIn(ctx);
    const res = await call(admin, 'GET', '/account/sessions');
    const { items } = (await res.json()) as { items: SessionItem[] };
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const hashes = (await ctx.store.db.selectFrom('admin_sessions').select('token_hash').execute()).map((r) => r.token_hash);
    for (const hash of hashes) expect(JSON.stringify(items)).not.toContain(hash);
    const notMine = items.find((s) => !s.current)!;
    expect((await call(admin, 'DELETE', `/account/sessions/${notMine.id}`)).status).toBe(204);
    expect((await call(other, 'GET', '/session')).status).toBe(401);
    expect((await call(admin, 'GET', '/session')).status).toBe(200);
  });

  it("does not let a non-admin see or end someone else's session; an admin can", async () => {
    const agent = await accept(tokenOf((await invite('s@example.test', 'agent')).link));
    const mine = (await (await call(admin, 'GET', '/account/sessions')).json()) as { items: SessionItem[] };
    const adminSession = mine.items[0]!;
    const res = await call(agent, 'DELETE', `/account/sessions/${adminSession.id}`);
    expect(res.status).toBe(404);
    expect((await call(agent, 'GET', '/sessions')).status).toBe(403);

    const all = (await (await call(admin, 'GET', '/sessions')).json()) as { items: SessionItem[] };
    const agentSession = all.items.find((s) => s.email === 's@example.test')!;
    expect(agentSession.agent).toEqual({ browser: 'other', os: 'other', device: 'unknown' });
    expect((await call(admin, 'DELETE', `/sessions/${agentSession.id}`)).status).toBe(204);
    expect((await call(agent, 'GET', '/session')).status).toBe(401);
  });

  it('revoking the current session signs me out', async () => {
    const mine = (await (await call(admin, 'GET', '/account/sessions')).json()) as { items: SessionItem[] };
    const res = await call(admin, 'DELETE', `/account/sessions/${mine.items[0]!.id}`);
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/fl_session=;/);
    expect((await call(admin, 'GET', '/session')).status).toBe(401);
  });
});
