import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page, Request } from 'playwright-core';

/**
 * A customer's website for the browser tests: a tiny node:http server on its own origin
 * (http://127.0.0.1:<port>, while the collector is http://localhost:<port>), so every page
 * embeds the widget cross-origin exactly as a real site does. Any path answers with a page built
 * by `render`, which lets tests use URL targeting and single-page-app routes freely.
 */
export interface HostPage {
  title?: string;
  /** Extra markup in <head>, e.g. a hostile stylesheet. */
  head?: string;
  body?: string;
  /** Calls made before widget.js has loaded; they wait in the command queue. */
  early?: string;
  /** Leave the snippet out (to compare the page with and without the widget). */
  withoutWidget?: boolean;
}

export interface HostSite {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

const STUB = "window.feedloop=window.feedloop||function(){(window.feedloop.q=window.feedloop.q||[]).push(arguments)};";

export async function startHostSite(opts: {
  collectorUrl: string;
  siteKey: string;
  render?(url: URL): HostPage;
}): Promise<HostSite> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host.test');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const page = opts.render?.(url) ?? {};
    const snippet = page.withoutWidget
      ? ''
      : `<script>${STUB}${page.early ?? ''}</script>\n<script async src="${opts.collectorUrl}/widget.js" data-site="${opts.siteKey}"></script>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${page.title ?? 'Host page'}</title>${page.head ?? ''}
${snippet}
</head>
<body>${page.body ?? '<h1>Host page</h1><p>A customer website.</p>'}</body>
</html>`);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export interface WidgetRequest {
  /** Path without the query, e.g. /v1/responses or /v1/responses/<key>. */
  path: string;
  body: Record<string, unknown>;
  /** HTTP status, or undefined while pending; `failed` when no answer came (collector down). */
  status?: number;
  failed?: boolean;
}

/**
 * Records every POST the widget sends to the collector from any page of a browser context, with
 * how it ended: the tests assert on what actually went over the wire.
 */
export function recordWidgetRequests(context: BrowserContext, collectorUrl: string): WidgetRequest[] {
  const sent: WidgetRequest[] = [];
  const byRequest = new Map<Request, WidgetRequest>();
  context.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().startsWith(`${collectorUrl}/v1/`)) return;
    const entry: WidgetRequest = {
      path: new URL(request.url()).pathname,
      body: JSON.parse(request.postData() ?? '{}') as Record<string, unknown>,
    };
    byRequest.set(request, entry);
    sent.push(entry);
  });
  context.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (entry) entry.status = response.status();
  });
  context.on('requestfailed', (request) => {
    const entry = byRequest.get(request);
    if (entry) entry.failed = true;
  });
  return sent;
}

/** Calls the page's public JS API, `feedloop(name, ...args)`, as the site's own code would. */
export function feedloop(page: Page, ...args: unknown[]): Promise<void> {
  return page.evaluate((a) => (window as unknown as { feedloop(...x: unknown[]): void }).feedloop(...a), args);
}
