import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

const ADMIN = { email: 'owner@example.test', password: 'e2e password 123' };

let collector: RunningCollector;
let browser: Browser;

beforeAll(async () => {
  collector = await startCollector({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

describe('script tag → collector → SQLite → admin', () => {
  it('a visitor sends feedback from the example page and the team reads it in the admin view', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${collector.url}/examples/basic/`);
    const launcher = page.getByRole('button', { name: 'Feedback' });
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Send us feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);

    await dialog.getByText('Bug', { exact: true }).click();
    const text = `Checkout button does nothing <script>alert("x")</script> ${Date.now()}`;
    await dialog.getByLabel('Your message').fill(text);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/v1/responses') && r.method() === 'POST'),
      dialog.getByRole('button', { name: 'Send' }).click(),
    ]);
    const sent = JSON.parse(request.postData() ?? '{}') as Record<string, unknown>;
    expect(request.headers()['content-type']).toContain('text/plain');
    expect(sent).toMatchObject({ kind: 'feedback', category: 'bug', text });
    expect(String(sent.idempotencyKey)).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Thank you');

    // Done closes the dialog and gives focus back to the launcher.
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

    const admin = await context.newPage();
    await admin.goto(`${collector.url}/admin/`);
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    const item = admin.locator('.response', { hasText: text });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator('.badge').textContent()).toBe('Bug');
    // Customer markup stays text: no script element was created from it.
    expect(await admin.locator('.response script').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks Simplified Chinese to a Chinese browser', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${collector.url}/examples/basic/`);
    await page.getByRole('button', { name: '反馈' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: '给我们反馈' }).isVisible()).toBe(true);
    await context.close();
  });
});

describe('first start', () => {
  it('with no configuration prints the snippet, the admin URL and a one-time password that signs in', async () => {
    const fresh = await startCollector({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    try {
      const out = fresh.output();
      expect(out).toContain(`${fresh.url}/admin/`);
      expect(out).toMatch(/<script async src="http:\/\/localhost:\d+\/widget\.js" data-site="pk_[A-Za-z0-9_-]+"><\/script>/);
      const password = /one-time admin password: (\S+)/.exec(out)?.[1];
      expect(password).toBeTruthy();
      const res = await fetch(`${fresh.url}/admin/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: fresh.url },
        body: JSON.stringify({ email: 'admin@feedloop.local', password }),
      });
      expect(res.status).toBe(200);
    } finally {
      await fresh.stop();
    }
  });
});
