import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { CSRF_HEADER } from '../../shared/schema/admin-api.ts';
import type { AdminSession, AdminUser } from '../store/database.ts';
import { AppError } from '../services/app-error.ts';
import { type AuthDeps, SESSION_TTL_MS, authenticate } from '../services/auth.ts';

export const SESSION_COOKIE = 'fl_session';

export type AdminEnv = { Variables: { session: AdminSession; user: AdminUser } };

/**
 * The session cookie: HttpOnly, same-site only, scoped to the admin view. `auto` marks it Secure
 * when people reach the collector over HTTPS: its public URL says so (behind a proxy that ends
 * TLS, the request the collector itself gets is always plain HTTP), or the request came so.
 */
export function setSessionCookie(c: Context, cookieSecure: 'auto' | 'true' | 'false', token: string, publicUrl: string): void {
  const secure = cookieSecure === 'auto' ? publicUrl.startsWith('https:') || new URL(c.req.url).protocol === 'https:' : cookieSecure === 'true';
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    path: '/admin',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Blocks cross-site requests that carry no session yet (login CSRF). The Origin must be the
 * configured public URL or name the host the request was sent to (a reverse proxy that keeps
 * the Host header passes both ways).
 */
export function requireSameOrigin(c: Context, publicUrl: string): void {
  const origin = c.req.header('origin');
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (origin !== new URL(publicUrl).origin && host !== c.req.header('host')) {
    throw new AppError('csrf_failed', 'Cross-site request refused; open the admin view from its own address.');
  }
}

/** Loads the session from the cookie and, on state-changing methods, checks the CSRF header. */
export function requireSession(deps: AuthDeps & { publicUrl: string }): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const { session, user } = await authenticate(deps, getCookie(c, SESSION_COOKIE));
    if (!SAFE_METHODS.has(c.req.method)) {
      requireSameOrigin(c, deps.publicUrl);
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!sameText(sent, session.csrf_token)) {
        throw new AppError('csrf_failed', 'Missing or wrong CSRF token; reload the admin view and try again.');
      }
    }
    c.set('session', session);
    c.set('user', user);
    await next();
  };
}

const RANK = { viewer: 0, agent: 1, admin: 2 } as const;

/** Lets through users whose role is at least `role` (viewer < agent < admin). */
export function requireRole(role: keyof typeof RANK): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (RANK[c.get('user').role] < RANK[role]) {
      throw new AppError('forbidden', `This needs the ${role} role; ask an admin.`);
    }
    await next();
  };
}
