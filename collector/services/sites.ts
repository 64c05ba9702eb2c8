import type { Kysely } from 'kysely';
import type { Database, Site } from '../store/database.ts';
import { findSiteByPublicKey } from '../store/sites.ts';
import { AppError } from './app-error.ts';

export async function requireSite(db: Kysely<Database>, publicKey: string | undefined): Promise<Site> {
  if (!publicKey) {
    throw new AppError('missing_site_key', 'Add the site key as the "site" query parameter, e.g. ?site=pk_…');
  }
  const site = await findSiteByPublicKey(db, publicKey);
  if (!site) throw new AppError('site_not_found', `No site has the public key "${publicKey.slice(0, 64)}".`);
  return site;
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
    throw new AppError('origin_not_allowed', 'The request has no Origin header; browsers send one, so use the widget or an API key.');
  }
  if (!isOriginAllowed(site, origin)) {
    throw new AppError('origin_not_allowed', `Origin ${origin.slice(0, 200)} is not allowed for this site; add it to the site's allowed origins.`);
  }
}
