import { computed, signal } from '@preact/signals';
import type { SiteItem } from '../../../shared/schema/admin-api.ts';
import { api } from '../api.ts';

/** Every page works on one site at a time; the header's picker sets it. */
export const sites = signal<SiteItem[]>([]);
export const siteId = signal<string>('');
export const currentSite = computed(() => sites.value.find((s) => s.id === siteId.value));

const STORAGE_KEY = 'feedloop-admin-site';

export async function loadSites(): Promise<void> {
  const { items } = await api<{ items: SiteItem[] }>('GET', '/sites');
  sites.value = items;
  let saved = '';
  try {
    saved = localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    // Storage blocked: start with the first site.
  }
  if (!items.some((s) => s.id === siteId.value)) {
    siteId.value = items.some((s) => s.id === saved) ? saved : (items[0]?.id ?? '');
  }
}

export function selectSite(id: string): void {
  siteId.value = id;
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Not remembered; fine for this page.
  }
}
