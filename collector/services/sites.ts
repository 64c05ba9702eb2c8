import type { Kysely } from 'kysely';
import type { Database, Site } from '../store/database.ts';
import { findSiteByPublicKey, siteGeneration } from '../store/sites.ts';
import { AppError } from './app-error.ts';
import type { Clock } from './clock-ids.ts';

export async function requireSite(db: Kysely<Database>, publicKey: string | undefined): Promise<Site> {
  if (!publicKey) {
    throw new AppError('missing_site_key', 'Add the site key as the "site" query parameter, e.g. ?site=pk_…');
  }
  const site = await findSiteByPublicKey(db, publicKey);
  if (!site) throw new AppError('site_not_found', `No site has the public key "${publicKey.slice(0, 64)}".`);
  return site;
}

/**
 * Sites by public key, for the write endpoints every visitor calls: a site changes rarely, and
 * looking it up on each request costs about as much as parsing the request. A change made
 * through this process (the admin API) is seen at once; one made by another process (the seed
 * CLI, a second collector) within TTL_MS. Unknown keys are not remembered, so the map only ever
 * holds real sites.
 */
export class SiteCache {
  static readonly TTL_MS = 2000;
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #entries = new Map<string, { site: Site; until: number; generation: number }>();

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async require(publicKey: string | undefined): Promise<Site> {
    const now = this.#clock.now();
    const hit = publicKey === undefined ? undefined : this.#entries.get(publicKey);
    if (hit && hit.until > now && hit.generation === siteGeneration()) return hit.site;
    const generation = siteGeneration();
    const site = await requireSite(this.#db, publicKey);
    this.#entries.set(site.public_key, { site, until: now + SiteCache.TTL_MS, generation });
    return site;
  }
}

export function allowedOrigins(site: Site): string[] {
  const parsed: unknown = JSON.parse(site.allowed_origins);
  return Array.isArray(parsed) ? parsed.filter((o): o is string => typeof o === 'string') : [];
}

export function isOriginAllowed(site: Site, origin: string | undefined): boolean {
  if (!origin) return false;
  const allowed = allowedOrigins(site);
  return allowed.includes('*') || allowed.includes(origin);
}

export function requireAllowedOrigin(site: Site, origin: string | undefined): void {
  if (!origin) {
    throw new AppError('origin_not_allowed', 'The request has no Origin header; the public API takes writes from browsers on the site\'s allowed origins (the widget), which always send one.');
  }
  if (!isOriginAllowed(site, origin)) {
    throw new AppError('origin_not_allowed', `Origin ${origin.slice(0, 200)} is not allowed for this site; add it to the site's allowed origins.`);
  }
}
