import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { type SiteConfig, type SiteSettings, SiteSettingsSchema } from '../../shared/schema/site-config.ts';
import type { Database, Site } from '../store/database.ts';
import { liveSurveys } from './surveys.ts';

/** A site's stored settings with defaults filled in; unreadable JSON falls back to the defaults. */
export function siteSettings(site: Site): SiteSettings {
  let stored: unknown = {};
  try {
    stored = JSON.parse(site.settings);
  } catch {
    stored = {};
  }
  const result = v.safeParse(SiteSettingsSchema, stored);
  return result.success ? result.output : v.parse(SiteSettingsSchema, {});
}

/** What GET /v1/config returns, with a strong ETag over its exact bytes. */
export async function siteConfig(db: Kysely<Database>, site: Site, now: number): Promise<{ body: string; etag: string }> {
  const config: SiteConfig = { settings: siteSettings(site), surveys: await liveSurveys(db, site.id, now) };
  const body = JSON.stringify(config);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
