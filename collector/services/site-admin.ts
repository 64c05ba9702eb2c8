import type { Kysely } from 'kysely';
import type { SiteCreateBody, SitePatchBody } from '../../shared/schema/accounts.ts';
import type { SiteItem } from '../../shared/schema/admin-api.ts';
import type { Database, Site } from '../store/database.ts';
import { findSiteById, insertSite, updateSite } from '../store/sites.ts';
import { AppError } from './app-error.ts';
import { type Clock, type Ids, randomToken } from './clock-ids.ts';
import { allowedOrigins } from './sites.ts';
import { snippetFor } from './snippet.ts';

export interface SiteAdminDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
  publicUrl: string;
}

export function toSiteItem(publicUrl: string, site: Site): SiteItem {
  return {
    id: site.id,
    name: site.name,
    publicKey: site.public_key,
    allowedOrigins: allowedOrigins(site),
    snippet: snippetFor(publicUrl, site.public_key),
  };
}

async function requireSiteById(db: Kysely<Database>, id: string): Promise<Site> {
  const site = await findSiteById(db, id);
  if (!site) throw new AppError('site_not_found', `No site ${id.slice(0, 64)}.`);
  return site;
}

/** A new site gets its own public key; its widget settings start at the defaults. */
export async function createSite(deps: SiteAdminDeps, body: SiteCreateBody): Promise<SiteItem> {
  const id = deps.ids.next('site');
  await insertSite(deps.db, {
    id,
    public_key: `pk_${randomToken(12)}`,
    name: body.name,
    allowed_origins: JSON.stringify(body.allowedOrigins),
    created_at: deps.clock.now(),
  });
  return toSiteItem(deps.publicUrl, await requireSiteById(deps.db, id));
}

/** Renames a site and/or replaces its allowed origins; ingest sees the change on its next request. */
export async function editSite(deps: SiteAdminDeps, id: string, body: SitePatchBody): Promise<SiteItem> {
  await requireSiteById(deps.db, id);
  const patch: { name?: string; allowed_origins?: string } = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.allowedOrigins !== undefined) patch.allowed_origins = JSON.stringify(body.allowedOrigins);
  if (Object.keys(patch).length > 0) await updateSite(deps.db, id, patch, deps.clock.now());
  return toSiteItem(deps.publicUrl, await requireSiteById(deps.db, id));
}
