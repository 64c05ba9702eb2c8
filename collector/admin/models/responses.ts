import { signal } from '@preact/signals';
import type { ResponseItem, ResponseList } from '../../../shared/schema/admin-api.ts';
import { ApiError, api } from '../api.ts';

export const responses = signal<ResponseItem[]>([]);
export const nextCursor = signal<string | undefined>(undefined);
export const loading = signal(false);
export const loadError = signal('');

/** Loads the newest page, or appends the next one when `more` is set. */
export async function loadResponses(more = false): Promise<void> {
  loading.value = true;
  loadError.value = '';
  try {
    const cursor = more && nextCursor.value ? `&cursor=${encodeURIComponent(nextCursor.value)}` : '';
    const page = await api<ResponseList>('GET', `/responses?limit=50${cursor}`);
    responses.value = more ? [...responses.value, ...page.items] : page.items;
    nextCursor.value = page.nextCursor;
  } catch (err) {
    loadError.value = err instanceof ApiError ? err.message : 'Could not load responses.';
  } finally {
    loading.value = false;
  }
}
