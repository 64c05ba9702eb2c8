import { useEffect } from 'preact/hooks';
import type { ResponseItem } from '../../../shared/schema/admin-api.ts';
import { loadError, loadResponses, loading, nextCursor, responses } from '../models/responses.ts';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function Row({ item }: { item: ResponseItem }) {
  return (
    <li class="response" data-id={item.id}>
      <div class="meta">
        <span class={`badge badge-${item.category ?? item.kind}`}>{item.category ?? item.kind}</span>
        {item.score !== null && (
          <span class="score">
            {item.score}
            {item.scale ? ` / ${item.scale}` : ''}
          </span>
        )}
        <time dateTime={new Date(item.receivedAt).toISOString()}>{time.format(item.receivedAt)}</time>
        <span class="device">
          {item.device} · {item.browser} · {item.os}
        </span>
      </div>
      {/* Customer text is rendered as a text node, never as markup. */}
      <p class="text">{item.text}</p>
      <div class="meta">
        {item.pageUrl && (
          <span class="page" title={item.pageUrl}>
            {item.pageTitle || item.pageUrl}
          </span>
        )}
        {item.email && <span class="email">{item.email}</span>}
        {item.locale && <span>{item.locale}</span>}
      </div>
    </li>
  );
}

export function ResponseList() {
  useEffect(() => {
    void loadResponses();
  }, []);
  return (
    <section aria-labelledby="responses-title">
      <div class="section-head">
        <h2 id="responses-title">Latest responses</h2>
        <button type="button" onClick={() => void loadResponses()} disabled={loading.value}>
          Refresh
        </button>
      </div>
      <p class="error" role="alert">
        {loadError.value}
      </p>
      {responses.value.length === 0 && !loading.value && !loadError.value ? (
        <p class="empty">No responses yet. Open the example page and send some feedback.</p>
      ) : (
        <ul class="responses">
          {responses.value.map((item) => (
            <Row key={item.id} item={item} />
          ))}
        </ul>
      )}
      <p role="status" class="status">
        {loading.value ? 'Loading…' : ''}
      </p>
      {nextCursor.value && (
        <button type="button" onClick={() => void loadResponses(true)} disabled={loading.value}>
          Load more
        </button>
      )}
    </section>
  );
}
