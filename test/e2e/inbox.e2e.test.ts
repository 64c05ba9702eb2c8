import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_ENV, type AdminClient, signIn } from './admin-api.ts';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

let collector: RunningCollector;
let admin: AdminClient;
let browser: Browser;

/** Feedback as the widget sends it, from the example page's origin. */
async function send(text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${collector.url}/v1/responses?site=${admin.site.publicKey}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: collector.url, 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' },
    body: JSON.stringify({
      kind: 'feedback',
      idempotencyKey: `e2e_inbox_${Math.random().toString(36).slice(2)}${Date.now()}`,
      clientId: `client_${Math.random().toString(36).slice(2, 12)}`,
      category: 'bug',
      text,
      page: { url: `${collector.url}/examples/basic/checkout`, title: 'Acme checkout' },
      locale: 'en-US',
      ...extra,
    }),
  });
  if (!res.ok) throw new Error(`send failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function signInPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${collector.url}/admin/#/inbox`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.inbox').waitFor();
  return page;
}

beforeAll(async () => {
  collector = await startCollector(ADMIN_ENV);
  admin = await signIn(collector);
  browser = await launchBrowser();
  await send('The checkout button does nothing when I tap it, I want a refund', { attributes: { plan: 'pro' } });
  await send('Love the new dark mode, the colours are beautiful and calm');
  await send('退款申请提交三天了还没有处理，客服也不回复', { locale: 'zh-CN' });
  await send('Search results are slow to load on the catalogue page');
  for (let i = 0; i < 3; i++) await send(`Coupon code SAVE20 is rejected at checkout every single time${'!'.repeat(i)}`);
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

describe('inbox in the browser', () => {
  it('shows a widget response live, filters, tags, changes status and exports', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true });
    const page = await signInPage(context);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const list = page.locator('.inbox-list .response');
    // Six responses: the three coupon copies are one cluster with a count.
    await expect.poll(() => list.count()).toBe(5);
    await expect.poll(() => page.locator('.chip-dupes').textContent()).toBe('×3 copies');
    await expect.poll(() => page.locator('.live-dot').textContent()).toBe('Live');

    // A visitor sends feedback from the example page's real widget: it appears without a reload.
    const visitor = await context.newPage();
    await visitor.goto(`${collector.url}/examples/basic/`);
    await visitor.getByRole('button', { name: 'Feedback' }).click();
    const dialog = visitor.getByRole('dialog', { name: 'Send us feedback' });
    await dialog.getByText('Bug', { exact: true }).click();
    const liveText = `Live from the widget: the invoice PDF is empty ${Date.now()}`;
    await dialog.getByLabel('Your message').fill(liveText);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Thank you');
    await visitor.close();
    await expect.poll(() => list.first().textContent(), { timeout: 15_000 }).toContain(liveText);

    // Filter through the address's query: a Chinese search, then a select.
    await page.getByRole('searchbox').fill('退款');
    await page.getByRole('searchbox').press('Enter');
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toBe('#/inbox?q=退款');
    await expect.poll(() => list.count()).toBe(1);
    expect(await list.first().textContent()).toContain('退款申请');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => list.count()).toBe(6);
    await page.getByLabel('Sentiment').selectOption('pos');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('sentiment=pos');
    await expect.poll(() => list.count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => list.count()).toBe(6);

    // Open the live response with the keyboard, tag it and move it along.
    const row = page.locator('.response', { hasText: liveText });
    await row.locator('.response-open').focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('#inbox-detail');
    await expect.poll(() => detail.locator('.detail-text').textContent()).toBe(liveText);
    await detail.getByLabel('Add a tag').fill('billing');
    await detail.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => row.locator('.chip-tag').allTextContents()).toContain('#billing');
    await detail.getByLabel('Status').selectOption('in_progress');
    await expect.poll(() => row.locator('.chip-status').textContent()).toBe('In progress');
    await detail.getByPlaceholder('Write a note for your team (customers never see it)').fill('Finance is on it <b>now</b>');
    await detail.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => detail.locator('.detail-notes .text').textContent()).toBe('Finance is on it <b>now</b>');
    await expect.poll(() => detail.locator('.detail-activity li').allTextContents()).toEqual([
      expect.stringContaining('added the tag billing'),
      expect.stringContaining('moved it from New to In progress'),
      expect.stringContaining('added a note'),
    ]);
    expect(await page.locator('.inbox b').count()).toBe(0);
    // Escape closes the panel and gives focus back to the row it was opened from.
    await detail.getByLabel('Status').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.response')?.textContent ?? '')).toContain(liveText);
    await expect.poll(() => detail.textContent()).toContain('Open a response to read it in full');

    // Bulk: select two rows and resolve them in one go.
    await page.locator('.response-check').nth(1).check();
    await page.locator('.response-check').nth(2).check();
    await page.locator('.inbox-bulk select').first().selectOption('resolved');
    await expect.poll(() => page.locator('.inbox-message').textContent()).toBe('2 changed.');
    await page.locator('.inbox-filters select[name="status"]').selectOption('resolved');
    await expect.poll(() => list.count()).toBe(2);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => list.count()).toBe(6);

    // Export the current view as CSV.
    await page.locator('.response', { hasText: liveText }).locator('.response-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^feedloop-.+\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('id,received_at,channel');
    expect(csv).toContain(liveText);
    expect(csv).toContain('billing');

    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: resolve(SHOTS, 'inbox.png'), fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads in the dark theme and in Chinese', async () => {
    const dark = await browser.newContext({ locale: 'en-US', colorScheme: 'dark', viewport: { width: 1360, height: 900 }, reducedMotion: 'reduce' });
    const page = await signInPage(dark);
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.locator('.inbox h1').textContent()).toBe('收件箱');
    await expect.poll(() => page.locator('.inbox-list .response').count()).toBe(6);
    await page.locator('.response-open').first().click();
    await page.locator('#inbox-detail .detail-text').waitFor();
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: resolve(SHOTS, 'inbox-dark.png'), fullPage: false });
    await dark.close();
  });
});
