import { computed, signal } from '@preact/signals';

/**
 * Hash routes (#/inbox?status=new): the collector serves one index.html under /admin/, and a
 * filtered view is a link someone can paste to a colleague.
 */
export interface Route {
  /** e.g. "/inbox", "/surveys/abc". */
  path: string;
  query: URLSearchParams;
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/inbox';
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

const hash = signal(location.hash);
addEventListener('hashchange', () => {
  hash.value = location.hash;
});

export const route = computed(() => parse(hash.value));

/** The first path segment, e.g. "inbox" for "/inbox/123". */
export const section = computed(() => route.value.path.split('/')[1] ?? '');

export function href(path: string, query?: Record<string, string | number | undefined> | URLSearchParams): string {
  const params =
    query instanceof URLSearchParams
      ? query
      : new URLSearchParams(
          Object.entries(query ?? {}).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
        );
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(path: string, query?: Record<string, string | number | undefined> | URLSearchParams): void {
  location.hash = href(path, query);
}
