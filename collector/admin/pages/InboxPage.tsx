import { useEffect, useRef } from 'preact/hooks';
import { BulkBar } from '../components/inbox/BulkBar.tsx';
import { DetailPanel } from '../components/inbox/DetailPanel.tsx';
import { FilterBar } from '../components/inbox/FilterBar.tsx';
import { InboxList } from '../components/inbox/InboxList.tsx';
import { inboxTexts } from '../i18n/inbox.ts';
import { texts } from '../i18n/locale.ts';
import {
  actionMessage,
  connectLive,
  exportHref,
  filter,
  isDefaultView,
  items,
  liveState,
  loadChoices,
  loadError,
  loadInbox,
  loading,
  newCount,
  nextCursor,
  openId,
  openItem,
  queryString,
  searchPending,
  setFilter,
} from '../models/inbox.ts';
import { siteId } from '../models/sites.ts';
import '../styles/inbox.css';

/**
 * #/inbox?…: every response of the site under the filters in the address, newest or most
 * urgent first, with a detail panel, bulk actions, exports and live arrivals.
 */
export function InboxPage() {
  const t = texts(inboxTexts);
  const site = siteId.value;
  const query = queryString(filter.value);
  const detailRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (site) void loadInbox(site);
  }, [site, query]);
  useEffect(() => {
    if (!site) return undefined;
    void loadChoices(site);
    void openItem(site, null);
    return connectLive(site);
  }, [site]);

  // Focus follows the reader into the panel, and Escape brings it back to the row it came from.
  const open = (id: string) => {
    void openItem(site, id).then(() =>
      requestAnimationFrame(() => detailRef.current?.querySelector<HTMLElement>('.inbox-detail')?.focus()),
    );
  };
  const close = () => {
    const id = openId.value;
    void openItem(site, null);
    if (id) document.querySelector<HTMLElement>(`.response[data-id="${CSS.escape(id)}"] .response-open`)?.focus();
  };
  const cluster = filter.value.cluster;
  const live = liveState.value;
  return (
    <div class="inbox">
      <div class="section-head">
        <h1>{t.title}</h1>
        <span class={`live-dot live-${live}`} role="status">
          {live === 'live' ? t.live : live === 'connecting' ? t.connecting : t.offline}
        </span>
        <span class="inbox-export">
          <a class="button" href={exportHref(site, 'csv')} download>
            {t.exportCsv}
          </a>
          <a class="button" href={exportHref(site, 'json')} download title={t.exportHint}>
            {t.exportJson}
          </a>
        </span>
      </div>
      <FilterBar />
      {cluster && (
        <p class="inbox-cluster-note">
          {t.clusterView(cluster)}{' '}
          <button type="button" class="link" onClick={() => setFilter('cluster', '')}>
            {t.backToInbox}
          </button>
        </p>
      )}
      {searchPending.value > 0 && <p class="status">{t.searchCatchingUp(searchPending.value)}</p>}
      <BulkBar siteId={site} />
      <p class="status inbox-message" role="status">
        {actionMessage.value}
      </p>
      {newCount.value > 0 && (
        <button type="button" class="inbox-new" onClick={() => void loadInbox(site).then(() => scrollTo({ top: 0 }))}>
          {t.newItems(newCount.value)}
        </button>
      )}
      <div class="inbox-body">
        <section class="inbox-main" aria-label={t.list} aria-busy={loading.value}>
          <p class="error" role="alert">
            {loadError.value}
          </p>
          {items.value.length === 0 && !loading.value && !loadError.value ? (
            <p class="empty">{isDefaultView.value ? t.emptyAll : t.empty}</p>
          ) : (
            <InboxList onOpen={open} />
          )}
          <p class="status" role="status">
            {loading.value ? t.loading : items.value.length > 0 ? t.shown(items.value.length, !!nextCursor.value) : ''}
          </p>
          {nextCursor.value && !loading.value && (
            <button type="button" onClick={() => void loadInbox(site, true)}>
              {t.loadMore}
            </button>
          )}
        </section>
        <div
          class="inbox-side"
          ref={detailRef}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && openId.value) close();
          }}
        >
          <DetailPanel siteId={site} onClose={close} />
        </div>
      </div>
    </div>
  );
}
