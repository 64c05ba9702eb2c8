import { signal } from '@preact/signals';
import type { SiteItem } from '../../../shared/schema/admin-api.ts';
import type { SiteSettings } from '../../../shared/schema/site-config.ts';
import { api } from '../api.ts';
import { actionStatus } from './action-status.ts';
import { loadSites, selectSite } from './sites.ts';

/** The sites page: creating sites, and the name, origins and widget settings of the picked one. */
export const settings = signal<SiteSettings | null>(null);
/** Which site `settings` belongs to, so a late answer for another site is not shown. */
export const settingsFor = signal('');
export const siteStatus = actionStatus();
export const widgetStatus = actionStatus();
export const createStatus = actionStatus();

export async function loadSettings(siteId: string): Promise<void> {
  settingsFor.value = siteId;
  settings.value = null;
  await widgetStatus.run('load', async () => {
    const loaded = await api<SiteSettings>('GET', `/sites/${encodeURIComponent(siteId)}/settings`);
    if (settingsFor.value === siteId) settings.value = loaded;
  });
}

export function saveSettings(siteId: string, next: SiteSettings, success: string) {
  return widgetStatus.run(
    'save',
    async () => {
      settings.value = await api<SiteSettings>('PUT', `/sites/${encodeURIComponent(siteId)}/settings`, next);
    },
    () => success,
  );
}

export function saveSite(siteId: string, patch: { name: string; allowedOrigins: string[] }, success: string) {
  return siteStatus.run(
    'save',
    async () => {
      await api<SiteItem>('PATCH', `/sites/${encodeURIComponent(siteId)}`, patch);
      await loadSites();
    },
    () => success,
  );
}

export function createSite(body: { name: string; allowedOrigins: string[] }, success: (site: SiteItem) => string) {
  return createStatus.run(
    'create',
    async () => {
      const site = await api<SiteItem>('POST', '/sites', body);
      await loadSites();
      selectSite(site.id);
      return site;
    },
    success,
  );
}

/** The textarea's lines as origins: blank lines dropped, the server checks and normalises the rest. */
export function parseOrigins(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
