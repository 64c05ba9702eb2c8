import { batch, computed, signal } from '@preact/signals';
import type { BulkResult, InboxDetail, InboxItem, InboxNote, InboxPage, Assignee, LiveResponseEvent } from '../../../shared/schema/inbox.ts';
import { ApiError, api } from '../api.ts';
import { navigate, route } from '../router.ts';
import { session } from './session.ts';

/**
 * The inbox's state. The filter lives in the address (#/inbox?status=new&q=退款), so a view can be
 * bookmarked or linked from a dashboard; this model reads it from there and writes it back.
 */

/** Every query key the inbox understands, in the order the address shows them. */
export const FILTER_KEYS = [
  'q', 'sort', 'status', 'sentiment', 'scale', 'band', 'survey', 'channel', 'device', 'tag', 'assignee', 'page', 'attr',
  'from', 'to', 'spam', 'cluster',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filter = Partial<Record<FilterKey, string>>;

export function filterFromQuery(query: URLSearchParams): Filter {
  const filter: Filter = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) filter[key] = value;
  }
  return filter;
}

export function queryString(filter: Filter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filter[key]) params.set(key, filter[key]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/** The filter currently in the address. */
export const filter = computed(() => filterFromQuery(route.value.query));

/** Changes one filter in the address (empty removes it); the list reloads from there. */
export function setFilter(key: FilterKey, value: string): void {
  const next: Filter = { ...filter.value, [key]: value || undefined };
  // A cluster view is a drill-down of one item; any other filter change leaves it.
  if (key !== 'cluster') delete next.cluster;
  navigate('/inbox', new URLSearchParams(queryString(next)));
}

export function clearFilters(): void {
  navigate('/inbox');
}

/** True when the view shows everything newest first: the only view live items can join without a reload. */
export const isDefaultView = computed(() => {
  const keys = Object.keys(filter.value).filter((k) => !(k === 'sort' && filter.value.sort === 'newest'));
  return keys.length === 0;
});

export const items = signal<InboxItem[]>([]);
export const nextCursor = signal<string | undefined>(undefined);
export const loading = signal(false);
export const loadError = signal('');
export const searchPending = signal(0);
export const selected = signal<ReadonlySet<string>>(new Set());
export const openId = signal<string | null>(null);
export const detail = signal<InboxDetail | null>(null);
export const detailError = signal('');
export const actionMessage = signal('');
export const actionError = signal('');
export const assigneeList = signal<Assignee[]>([]);
export const surveyList = signal<Array<{ id: string; name: string }>>([]);
/** Live items not shown yet because the user scrolled or filtered. */
export const newCount = signal(0);
/**
 * The responses newCount counts, so that one announced again is not counted twice: a text stored
 * while the collector was saturated is announced when stored and again when its analysis comes.
 */
const counted = new Set<string>();
export const liveState = signal<'off' | 'connecting' | 'live'>('off');

export const canWrite = computed(() => session.value?.user.role === 'admin' || session.value?.user.role === 'agent');

const message = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

let loadToken = 0;

export async function loadInbox(siteId: string, more = false): Promise<void> {
  const token = ++loadToken;
  loading.value = true;
  loadError.value = '';
  try {
    const cursor: Record<string, string> = more && nextCursor.value ? { cursor: nextCursor.value } : {};
    const page = await api<InboxPage>('GET', `/sites/${encodeURIComponent(siteId)}/inbox?${queryString(filter.value, cursor)}`);
    if (token !== loadToken) return;
    batch(() => {
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      searchPending.value = page.searchPending ?? 0;
      if (!more) {
        newCount.value = 0;
        counted.clear();
        selected.value = new Set();
      }
    });
  } catch (err) {
    if (token === loadToken) loadError.value = message(err, 'Could not load the inbox.');
  } finally {
    if (token === loadToken) loading.value = false;
  }
}

export async function loadChoices(siteId: string): Promise<void> {
  const site = encodeURIComponent(siteId);
  const [people, surveys] = await Promise.all([
    api<{ items: Assignee[] }>('GET', `/sites/${site}/inbox-assignees`).catch(() => ({ items: [] })),
    api<{ items: Array<{ id: string; name: string }> }>('GET', `/sites/${site}/surveys`).catch(() => ({ items: [] })),
  ]);
  assigneeList.value = people.items;
  surveyList.value = surveys.items.map((s) => ({ id: s.id, name: s.name }));
}

function replaceItem(item: InboxItem): void {
  items.value = items.value.map((i) => (i.id === item.id ? { ...item, collapsed: i.collapsed } : i));
  if (detail.value?.item.id === item.id) detail.value = { ...detail.value, item };
}

export async function openItem(siteId: string, id: string | null): Promise<void> {
  openId.value = id;
  detailError.value = '';
  if (!id) {
    detail.value = null;
    return;
  }
  try {
    const found = await api<InboxDetail>('GET', `/sites/${encodeURIComponent(siteId)}/inbox/${encodeURIComponent(id)}`);
    if (openId.value === id) detail.value = found;
  } catch (err) {
    if (openId.value === id) detailError.value = message(err, 'Could not open this response.');
  }
}

async function act(siteId: string, run: () => Promise<InboxItem>): Promise<void> {
  actionError.value = '';
  try {
    replaceItem(await run());
    // The trail changed too: read it again.
    if (detail.value) await openItem(siteId, detail.value.item.id);
  } catch (err) {
    actionError.value = message(err, 'The change was not saved; try again.');
  }
}

const itemPath = (siteId: string, id: string) => `/sites/${encodeURIComponent(siteId)}/inbox/${encodeURIComponent(id)}`;

export const setStatus = (siteId: string, id: string, status: string) =>
  act(siteId, () => api<InboxItem>('PATCH', itemPath(siteId, id), { status }));
export const setAssignee = (siteId: string, id: string, assigneeId: string | null) =>
  act(siteId, () => api<InboxItem>('PATCH', itemPath(siteId, id), { assigneeId }));
export const addTag = (siteId: string, id: string, tag: string) =>
  act(siteId, () => api<InboxItem>('POST', `${itemPath(siteId, id)}/tags`, { tag }));
export const removeTag = (siteId: string, id: string, tag: string) =>
  act(siteId, () => api<InboxItem>('DELETE', `${itemPath(siteId, id)}/tags/${encodeURIComponent(tag)}`));

export async function addNote(siteId: string, id: string, text: string): Promise<boolean> {
  actionError.value = '';
  try {
    await api<InboxNote>('POST', `${itemPath(siteId, id)}/notes`, { text });
    await openItem(siteId, id);
    return true;
  } catch (err) {
    actionError.value = message(err, 'The note was not saved; try again.');
    return false;
  }
}

export function toggleSelected(id: string, on: boolean): void {
  const next = new Set(selected.value);
  if (on) next.add(id);
  else next.delete(id);
  selected.value = next;
}

export function selectAll(on: boolean): void {
  selected.value = on ? new Set(items.value.map((i) => i.id)) : new Set();
}

/** Applies one change to the selection; answers how many succeeded and how many failed. */
export async function bulk(
  siteId: string,
  change: { status?: string; assigneeId?: string | null; addTags?: string[]; removeTags?: string[] },
): Promise<{ ok: number; failed: number } | undefined> {
  actionError.value = '';
  try {
    const { results } = await api<{ results: BulkResult[] }>('POST', `/sites/${encodeURIComponent(siteId)}/inbox-bulk`, {
      ids: [...selected.value],
      ...change,
    });
    const failed = results.filter((r) => !r.ok).length;
    // The rows may no longer match the filter: reload the view.
    await loadInbox(siteId);
    return { ok: results.length - failed, failed };
  } catch (err) {
    actionError.value = message(err, 'The change was not saved; try again.');
    return undefined;
  }
}

export function exportHref(siteId: string, format: 'csv' | 'json'): string {
  const { cluster: _, ...rest } = filter.value;
  return `/admin/api/sites/${encodeURIComponent(siteId)}/export?${queryString(rest, { format })}`;
}

/** Whether a live item may join the list at once: the default view, read from its top. */
function showsAtOnce(): boolean {
  return isDefaultView.value && (typeof scrollY !== 'number' || scrollY < 200);
}

/**
 * Whether the view's spam setting keeps `item` out: likely spam is hidden unless asked for, and
 * "only spam" shows nothing else. Known here, so such an arrival is no news and a shown item that
 * a change (a follow-up with links, say) turned into spam leaves the list as a reload would.
 */
function spamKeepsOut(item: InboxItem): boolean {
  const spam = item.spamScore >= 0.5;
  const shows = filter.value.spam;
  return shows === undefined ? spam : shows === 'only' && !spam;
}

export function receiveLive(item: InboxItem): void {
  if (items.value.some((i) => i.id === item.id)) {
    if (spamKeepsOut(item)) items.value = items.value.filter((i) => i.id !== item.id);
    else replaceItem(item);
    return;
  }
  if (spamKeepsOut(item)) return;
  // A change to an older response outside this view is not news; only arrivals newer than the
  // newest one shown count.
  const newest = items.value.reduce((max, i) => Math.max(max, i.receivedAt), 0);
  if (items.value.length > 0 && item.receivedAt <= newest) return;
  // A new copy of a collapsed cluster stands in for it.
  const clustered = item.duplicateClusterId !== null && items.value.some((i) => i.duplicateClusterId === item.duplicateClusterId);
  if (showsAtOnce()) {
    const rest = clustered ? items.value.filter((i) => i.duplicateClusterId !== item.duplicateClusterId) : items.value;
    items.value = [{ ...item, collapsed: (item.duplicateCount ?? 0) > 1 }, ...rest];
  } else if (refreshesAtOnce()) {
    refreshSoon(item.siteId);
  } else if (!counted.has(item.id)) {
    counted.add(item.id);
    newCount.value += 1;
  }
}

/**
 * A filtered view read from its top, with nothing ticked, may follow arrivals too: whether the
 * new response matches the filter (a search, a tag, an attribute) is the server's to say, so the
 * first page is fetched again rather than matched here.
 */
function refreshesAtOnce(): boolean {
  return !isDefaultView.value && (typeof scrollY !== 'number' || scrollY < 200) && selected.value.size === 0;
}

const REFRESH_AFTER_MS = 500;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** One reload for a burst of arrivals. */
function refreshSoon(siteId: string): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    if (refreshesAtOnce()) void loadInbox(siteId);
    else newCount.value += 1;
  }, REFRESH_AFTER_MS);
}

let source: EventSource | undefined;

/** Follows the site's live stream; the browser reconnects by itself after a network drop. */
export function connectLive(siteId: string): () => void {
  source?.close();
  if (typeof EventSource === 'undefined' || !siteId) return () => undefined;
  liveState.value = 'connecting';
  const es = new EventSource(`/admin/api/sites/${encodeURIComponent(siteId)}/live`);
  source = es;
  es.addEventListener('ready', () => (liveState.value = 'live'));
  es.addEventListener('response', (e) => receiveLive((JSON.parse((e as MessageEvent<string>).data) as LiveResponseEvent).item));
  es.addEventListener('signed-out', () => {
    es.close();
    session.value = null;
  });
  es.addEventListener('error', () => (liveState.value = es.readyState === EventSource.CLOSED ? 'off' : 'connecting'));
  return () => {
    es.close();
    if (source === es) source = undefined;
    liveState.value = 'off';
  };
}
