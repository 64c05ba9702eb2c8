import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database, Site } from '../store/database.ts';
import { AppError } from '../services/app-error.ts';
import { type SiteCache, isOriginAllowed, requireAllowedOrigin, requireSite } from '../services/sites.ts';

export type SiteEnv = { Variables: { site: Site } };

/**
 * For the public endpoints the widget calls: finds the site by its public key (`?site=`),
 * checks the Origin against the site's allowed origins, and answers CORS preflights.
 * The CORS headers are set before the handler runs so error answers are readable too.
 */
export function siteCors(
  db: Kysely<Database>,
  methods: string,
  opts: { readOnly?: boolean; cache?: SiteCache } = {},
): MiddlewareHandler<SiteEnv> {
  const allowed = methods.split(', ');
  // HEAD is answered as GET; OPTIONS is the preflight below.
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
  return async (c, next) => {
    // A method the path does not take is refused as such, not as a missing path (RFC 9110 §15.5.6).
    if (!allow.includes(c.req.method)) {
      c.header('Allow', allow.join(', '));
      throw new AppError('method_not_allowed', `${c.req.method.slice(0, 20)} is not allowed here; use ${methods}.`);
    }
    const key = c.req.query('site');
    const site = opts.cache ? await opts.cache.require(key) : await requireSite(db, key);
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin');
    // Read-only public data (the widget config) is served to anyone, but only allowed origins
    // get the CORS header; writes need an allowed Origin (same-origin GETs carry none).
    if (opts.readOnly && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      if (origin && isOriginAllowed(site, origin)) c.header('Access-Control-Allow-Origin', origin);
      c.set('site', site);
      return next();
    }
    requireAllowedOrigin(site, origin);
    c.header('Access-Control-Allow-Origin', origin);
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', methods);
      c.header('Access-Control-Allow-Headers', 'Content-Type');
      c.header('Access-Control-Max-Age', '86400');
      return c.body(null, 204);
    }
    c.set('site', site);
    await next();
  };
}
