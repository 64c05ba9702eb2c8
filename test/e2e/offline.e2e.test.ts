import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { ADMIN_ENV, type AdminClient, signIn } from './admin-api.ts';
import { type HostSite, feedloop, recordWidgetRequests, startHostSite } from './host-site.ts';
import { allowOrigin, responseRows } from './sqlite.ts';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

// The collector goes down and comes back on the same port and data dir, as a restarted server
// would for pages already open.
const dataDir = mkdtempSync(join(tmpdir(), 'feedloop-e2e-offline-'));
let collector: RunningCollector;
let admin: AdminClient;
let host: HostSite;
let browser: Browser;
let context: BrowserContext;
let survey: PublishedSurvey;

const stopCollector = () => collector.stop('SIGKILL');
const restartCollector = async () => {
  collector = await startCollector(ADMIN_ENV, dataDir, collector.port);
};

beforeAll(async () => {
  collector = await startCollector(ADMIN_ENV, dataDir);
  admin = await signIn(collector);
  host = await startHostSite({ collectorUrl: collector.url, siteKey: admin.site.publicKey });
  allowOrigin(dataDir, admin.site.id, host.origin);
  survey = await admin.createSurvey({
    name: 'NPS',
    trigger: { events: ['ask'] },
    questions: [
      {
        id: 'nps',
        type: 'rating',
        scale: 'nps',
        text: { en: 'How likely are you to recommend us?' },
        followUp: { low: { en: 'What went wrong?' }, high: { en: 'What do you like most?' } },
      },
    ],
  });
  browser = await launchBrowser();
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await collector?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openPage() {
  context = await browser.newContext({ locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const sent = recordWidgetRequests(context, collector.url);
  const page = await context.newPage();
  await page.goto(host.url('/'));
  await page.getByRole('button', { name: 'Feedback' }).waitFor();
  return { page, sent };
}

describe('offline: the collector is down while the visitor answers', () => {
  it('a prompt answered while the collector is down arrives exactly once when it is back, retried with backoff', async () => {
    const { page, sent } = await openPage();
    await feedloop(page, 'track', 'ask');
    const dialog = page.getByRole('dialog', { name: 'Quick question' });
    await dialog.getByRole('group', { name: 'How likely are you to recommend us?' }).waitFor();
    // The outbox sends in order; with the impression acknowledged, the score is next in line.
    await expect.poll(() => sent.find((r) => r.path === '/v1/events')?.status).toBe(200);

    await stopCollector();
    await dialog.getByRole('radio', { name: '9', exact: true }).click();
    await expect.poll(() => sent.some((r) => r.path === '/v1/responses' && r.failed)).toBe(true);
    await dialog.getByRole('textbox', { name: 'What do you like most?' }).fill('Fast support');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Thank you for your answers!');

    await restartCollector();
    // No reload, no "online" event: the outbox's own backoff brings the answers in, in order.
    await expect
      .poll(() => responseRows(dataDir, survey.id).map((r) => ({ score: r.score, text: r.text, finished: r.finished })), { timeout: 40_000 })
      .toEqual([{ score: 9, text: 'Fast support', finished: 1 }]);

    // Every try of the score carried the same idempotency key; each part was acknowledged once.
    const posts = sent.filter((r) => r.path === '/v1/responses');
    expect(new Set(posts.map((r) => r.body.idempotencyKey)).size).toBe(1);
    const key = String(posts[0]!.body.idempotencyKey);
    await expect
      .poll(() => sent.filter((r) => r.path.startsWith('/v1/responses') && r.status === 200).map((r) => r.path))
      .toEqual(['/v1/responses', `/v1/responses/${key}`]);
    expect(sent.filter((r) => r.path.startsWith('/v1/responses/')).every((r) => r.path === `/v1/responses/${key}`)).toBe(true);

    // Acknowledged means forgotten: the next page view sends nothing again.
    const before = sent.length;
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(sent.slice(before).filter((r) => r.path.startsWith('/v1/responses'))).toEqual([]);
    expect(responseRows(dataDir, survey.id)).toHaveLength(1);
  });

  it('feedback written while the collector is down is kept across page views and stored once, every try with the same key', async () => {
    const { page, sent } = await openPage();
    await page.getByRole('button', { name: 'Feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send us feedback' });
    await dialog.getByLabel('Your message').waitFor();

    await stopCollector();
    const text = `Written offline ${Date.now()}`;
    await dialog.getByLabel('Your message').fill(text);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Your message is saved and will be sent automatically');

    // A page view while the collector is still down: the widget runs from the browser cache and
    // keeps the message (its tries and the page-hide beacon fail).
    await page.reload();
    await page.getByRole('button', { name: 'Feedback' }).waitFor();
    await expect.poll(() => sent.filter((r) => r.path === '/v1/responses' && r.failed).length).toBeGreaterThanOrEqual(2);
    expect(sent.some((r) => r.status === 200 && r.path === '/v1/responses')).toBe(false);

    await restartCollector();
    await page.reload();
    await expect.poll(() => responseRows(dataDir).filter((r) => r.text === text).length).toBe(1);
    await page.waitForLoadState('networkidle');

    const posts = sent.filter((r) => r.path === '/v1/responses');
    expect(posts.every((r) => r.body.text === text)).toBe(true);
    expect(new Set(posts.map((r) => r.body.idempotencyKey)).size).toBe(1);
    expect(posts.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(responseRows(dataDir).filter((r) => r.text === text)).toMatchObject([{ kind: 'feedback', idempotency_key: posts[0]!.body.idempotencyKey }]);
  });
});
