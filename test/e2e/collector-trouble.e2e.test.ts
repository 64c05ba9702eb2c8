import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ui as en } from '../../widget/i18n/en.ts';
import { ui as zh } from '../../widget/i18n/zh-CN.ts';
import { ADMIN_ENV, signIn } from './admin-api.ts';
import { type HostSite, type WidgetRequest, recordWidgetRequests, startHostSite } from './host-site.ts';
import { allowOrigin, responseRows } from './sqlite.ts';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

/**
 * The widget against a collector in trouble. A small proxy sits between the browser and the real
 * collector and, for the next POST /v1/responses, answers what a collector in trouble answers
 * (503 with Retry-After, 429, 500, a permanent 4xx), drops the connection after the collector
 * stored the answer, hangs, or cuts off a 2xx body. Every other request goes through unchanged.
 */
type Trouble =
  | { status: number; code: string; retryAfter?: number }
  /** The collector stores it, then the connection drops before the answer reaches the browser. */
  | 'reset-after-store'
  /** No answer at all, until the test ends. */
  | 'hang'
  /** A 2xx whose body stops half-way. */
  | 'truncate';

interface Proxy {
  url: string;
  /** Applied, one each, to the next POSTs to /v1/responses. */
  plan: Trouble[];
  /** While true, every POST to /v1/ loses its connection (the collector is down). */
  down: boolean;
  /** Every POST /v1/responses that reached the proxy, with when. */
  posts: Array<{ at: number; key: unknown; text: unknown }>;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const { hostname, port } = new URL(target);
  const hung: ServerResponse[] = [];
  const proxy: Proxy = { url: '', plan: [], down: false, posts: [], close: async () => {} };

  function forward(req: IncomingMessage, body: Buffer, reply: (status: number, headers: Record<string, string | string[] | undefined>, bytes: Buffer) => void) {
    const upstream = httpRequest({ hostname, port, method: req.method, path: req.url, headers: { ...req.headers, host: `${hostname}:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => reply(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
    });
    upstream.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = new URL(req.url ?? '/', 'http://proxy.test').pathname;
      const posting = req.method === 'POST' && path.startsWith('/v1/');
      if (posting && proxy.down) return void req.socket.destroy();
      const trouble = req.method === 'POST' && path === '/v1/responses' ? proxy.plan.shift() : undefined;
      if (req.method === 'POST' && path === '/v1/responses') {
        const sent = JSON.parse(body.toString()) as { idempotencyKey?: unknown; text?: unknown };
        proxy.posts.push({ at: Date.now(), key: sent.idempotencyKey, text: sent.text });
      }
      if (trouble === 'hang') return void hung.push(res);
      if (typeof trouble === 'object') {
        // What the collector's error answers carry, CORS included (see collector/http/errors.ts).
        const headers: Record<string, string> = { 'content-type': 'application/json', 'access-control-allow-origin': String(req.headers.origin) };
        if (trouble.retryAfter !== undefined) {
          headers['retry-after'] = String(trouble.retryAfter);
          headers['access-control-expose-headers'] = 'Retry-After';
        }
        res.writeHead(trouble.status, headers);
        return void res.end(JSON.stringify({ error: { code: trouble.code, message: `Trouble: ${trouble.code}.` } }));
      }
      forward(req, body, (status, headers, bytes) => {
        if (trouble === 'reset-after-store') return void req.socket.destroy();
        res.writeHead(status, headers);
        if (trouble === 'truncate') {
          res.write(bytes.subarray(0, bytes.length >> 1));
          return void setTimeout(() => req.socket.destroy(), 50);
        }
        res.end(bytes);
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.url = `http://localhost:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((done) => {
      for (const res of hung) res.socket?.destroy();
      server.closeAllConnections();
      server.close(() => done());
    });
  return proxy;
}

let collector: RunningCollector;
let proxy: Proxy;
let host: HostSite;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  // A small body limit, so the collector's own 413 can be met with a message the form allows.
  collector = await startCollector({ ...ADMIN_ENV, MAX_BODY_BYTES: '4096' });
  const admin = await signIn(collector);
  proxy = await startProxy(collector.url);
  host = await startHostSite({ collectorUrl: proxy.url, siteKey: admin.site.publicKey });
  allowOrigin(collector.dataDir, admin.site.id, host.origin);
  browser = await launchBrowser();
});

beforeEach(() => {
  proxy.plan = [];
  proxy.down = false;
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await proxy?.close();
  await collector?.stop();
});

const rowsWith = (text: string) => responseRows(collector.dataDir).filter((r) => r.text === text);
const postsOf = (text: string) => proxy.posts.filter((p) => p.text === text);

async function openContext(locale: 'en-US' | 'zh-CN' = 'en-US') {
  context = await browser.newContext({ locale });
  context.setDefaultTimeout(10_000);
  return recordWidgetRequests(context, proxy.url);
}

async function openPage(t = en): Promise<Page> {
  const page = await context.newPage();
  await page.goto(host.url('/'));
  await page.getByRole('button', { name: t === zh ? '反馈' : 'Feedback' }).waitFor();
  return page;
}

/** Writes feedback in the form and sends it; returns the dialog. */
async function sendFeedback(page: Page, text: string, t = en) {
  await page.getByRole('button', { name: t === zh ? '反馈' : 'Feedback' }).click();
  const dialog = page.getByRole('dialog', { name: t.title });
  await dialog.getByLabel(t.message).fill(text);
  await dialog.getByRole('button', { name: t.send }).click();
  return dialog;
}

/** A new page view of the host site, given `ms` to send whatever the widget's outbox holds. */
async function reloadAndWait(page: Page, ms: number): Promise<void> {
  await page.reload();
  await page.getByRole('button', { name: 'Feedback' }).waitFor();
  await page.waitForTimeout(ms);
}

const unique = (what: string) => `${what} ${Date.now()} ${Math.random().toString(36).slice(2)}`;

describe('the widget facing a collector in trouble', () => {
  for (const trouble of [
    { status: 503, code: 'storage_full', retryAfter: 3 },
    { status: 503, code: 'storage_failed', retryAfter: 3 },
    { status: 429, code: 'rate_limited', retryAfter: 3 },
    { status: 500, code: 'internal' },
  ]) {
    it(`keeps an answer refused with ${trouble.status} ${trouble.code}, waits as asked, and stores it once with the same key`, async () => {
      await openContext();
      const page = await openPage();
      proxy.plan = [trouble];
      const text = unique(trouble.code);
      const dialog = await sendFeedback(page, text);
      await expect.poll(() => dialog.getByRole('status').textContent()).toBe(en.queued);

      await expect.poll(() => rowsWith(text).length, { timeout: 20_000 }).toBe(1);
      const posts = postsOf(text);
      expect(new Set(posts.map((p) => p.key)).size).toBe(1);
      expect(rowsWith(text)[0]!.idempotency_key).toBe(posts[0]!.key);
      // Retry-After is honoured (the first backoff alone is 0.5–1 s), and not overshot by much.
      const gap = posts[1]!.at - posts[0]!.at;
      if (trouble.retryAfter) expect(gap).toBeGreaterThanOrEqual(trouble.retryAfter * 1000 - 50);
      expect(gap).toBeLessThan((trouble.retryAfter ?? 1) * 1000 + 3000);
    });
  }

  it('tells a Chinese-speaking visitor in Chinese that the message is saved', async () => {
    await openContext('zh-CN');
    const page = await openPage(zh);
    proxy.plan = [{ status: 503, code: 'storage_full', retryAfter: 1 }];
    const text = unique('中文留言');
    const dialog = await sendFeedback(page, text, zh);
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(zh.queued);
    await expect.poll(() => rowsWith(text).length, { timeout: 20_000 }).toBe(1);
  });

  it('a reload does not cut short the wait a Retry-After asked for', async () => {
    await openContext();
    const page = await openPage();
    // The collector stays full for the first try and for the page-hide beacon of the reload.
    proxy.plan = [
      { status: 503, code: 'storage_full', retryAfter: 8 },
      { status: 503, code: 'storage_full', retryAfter: 8 },
    ];
    const text = unique('retry after across a reload');
    const dialog = await sendFeedback(page, text);
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(en.queued);
    await reloadAndWait(page, 2000);
    // The first try and the beacon; the new page view itself waits.
    expect(postsOf(text)).toHaveLength(2);
    await expect.poll(() => rowsWith(text).length, { timeout: 15_000 }).toBe(1);
    const posts = postsOf(text);
    expect(posts.at(-1)!.at - posts[0]!.at).toBeGreaterThanOrEqual(8000 - 50);
    expect(new Set(posts.map((p) => p.key)).size).toBe(1);
  });

  for (const refusal of [
    { status: 400, code: 'bad_request' },
    { status: 422, code: 'validation_failed' },
  ]) {
    it(`drops an answer refused with ${refusal.status} for good, tells the visitor why, and never sends it again`, async () => {
      const sent = await openContext();
      const page = await openPage();
      proxy.plan = [refusal];
      const text = unique(refusal.code);
      const dialog = await sendFeedback(page, text);
      await expect.poll(() => dialog.getByRole('alert').textContent()).toBe(`${en.rejected} Trouble: ${refusal.code}.`);
      // The form keeps what was typed, so the visitor can change it and send again.
      expect(await dialog.getByLabel(en.message).inputValue()).toBe(text);
      await reloadAndWait(page, 1500);
      expect(postsOf(text)).toHaveLength(1);
      expect(sent.filter((r) => r.path === '/v1/responses' && r.status === undefined && !r.failed)).toEqual([]);
      expect(rowsWith(text)).toEqual([]);
    });
  }

  it('drops a message the collector finds too large (its real 413), and says so', async () => {
    await openContext();
    const page = await openPage();
    // Ends in a letter: the form trims a trailing space, and the text would no longer match (unique's length varies).
    const text = `${unique('long').padEnd(4499, ' words')}s`;
    const dialog = await sendFeedback(page, text);
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(new RegExp(`^${en.rejected} .*send less text`));
    await reloadAndWait(page, 1500);
    expect(postsOf(text)).toHaveLength(1);
  });

  it('sends again, with the same key, an answer whose connection dropped after the collector stored it: one row', async () => {
    await openContext();
    const page = await openPage();
    proxy.plan = ['reset-after-store'];
    const text = unique('reset');
    const dialog = await sendFeedback(page, text);
    // Chromium itself resends a request whose reused connection closed before any answer; the
    // widget's retry would do it otherwise. Either way the visitor is told something true.
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(new RegExp(`^(${en.thanks}|${en.queued})$`));
    await expect.poll(() => postsOf(text).length, { timeout: 10_000 }).toBe(2);
    await page.waitForTimeout(1000);
    expect(new Set(postsOf(text).map((p) => p.key)).size).toBe(1);
    expect(rowsWith(text)).toHaveLength(1);
  });

  it('takes a 2xx whose body was cut off as stored: thanks, no resend, one row', async () => {
    await openContext();
    const page = await openPage();
    proxy.plan = ['truncate'];
    const text = unique('truncated');
    const dialog = await sendFeedback(page, text);
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(en.thanks);
    await reloadAndWait(page, 1500);
    expect(postsOf(text)).toHaveLength(1);
    expect(rowsWith(text)).toHaveLength(1);
  });

  it('gives up on a request that hangs, tells the visitor it is saved, and sends it again: one row', async () => {
    await openContext();
    const page = await openPage();
    proxy.plan = ['hang'];
    const text = unique('hang');
    const dialog = await sendFeedback(page, text);
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 30_000 }).toBe(en.queued);
    await expect.poll(() => rowsWith(text).length, { timeout: 20_000 }).toBe(1);
    expect(new Set(postsOf(text).map((p) => p.key)).size).toBe(1);
  }, 90_000);

  it('an answer queued in one tab while the collector is down goes out from another tab once it is back: one row', async () => {
    const sent = await openContext();
    const first = await openPage();
    proxy.down = true;
    const text = unique('two tabs');
    const dialog = await sendFeedback(first, text);
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(en.queued);

    proxy.down = false;
    const second = await openPage();
    await expect.poll(() => rowsWith(text).length).toBe(1);
    // The first tab's own retry finds the answer gone from the shared outbox, or is deduplicated.
    await second.waitForTimeout(3000);
    expect(rowsWith(text)).toHaveLength(1);
    const posts = sent.filter((r) => r.path === '/v1/responses' && r.body.text === text);
    expect(new Set(posts.map((r) => r.body.idempotencyKey)).size).toBe(1);
  });

  it('still sends, and thanks, when localStorage is full', async () => {
    await openContext();
    const page = await openPage();
    await page.evaluate(() => {
      // Fill the host origin's storage to the last byte the browser allows.
      for (let size = 1 << 20, i = 0; size >= 1; ) {
        try {
          localStorage.setItem(`filler${i++}`, 'x'.repeat(size));
        } catch {
          size >>= 1;
        }
      }
    });
    const text = unique('full storage');
    const dialog = await sendFeedback(page, text);
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(en.thanks);
    expect(rowsWith(text)).toHaveLength(1);
    await page.evaluate(() => localStorage.clear());
  });
});
