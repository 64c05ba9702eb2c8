import type { SiteConfig } from '../shared/schema/site-config.ts';

/** Fetches the site's widget config; undefined when the collector cannot be reached. */
export async function fetchConfig(origin: string, siteKey: string): Promise<SiteConfig | undefined> {
  try {
    const res = await fetch(`${origin}/v1/config?site=${encodeURIComponent(siteKey)}`, { credentials: 'omit' });
    return res.ok ? ((await res.json()) as SiteConfig) : undefined;
  } catch {
    return undefined;
  }
}
