import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_ENV, type AdminClient, signIn } from './admin-api.ts';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
const DAY = 86_400_000;

let collector: RunningCollector;
let browser: Browser;
let admin: AdminClient;
let npsId = '';

/** Answers through the public API, as the widget sends them. */
async function answer(surveyId: string, score: number, i: number, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${collector.url}/v1/responses?site=${admin.site.publicKey}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: collector.url, 'user-agent': i % 2 ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' : 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36' },
    body: JSON.stringify({
      kind: 'survey',
      idempotencyKey: `dash_${surveyId}_${i}_${Date.now()}`,
      clientId: `client_dash_${i}_abcdefgh`,
      page: { url: `${collector.url}/checkout` },
      locale: 'en',
      surveyId,
      surveyVersion: 1,
      answers: { q: score },
      finished: true,
      attributes: { plan: i % 3 ? 'free' : 'pro' },
      ...extra,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/**
 * Thirty days of history written straight into the SQLite file (as an import would), so the
 * trend has a shape; today's answers come through the real ingest API.
 */
function seedHistory(dataDir: string, siteId: string, surveyId: string) {
  const db = new Database(join(dataDir, 'feedloop.sqlite'));
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(`insert into responses (id, site_id, idempotency_key, channel, kind, device, browser, os, received_at, survey_id, survey_version,
      score, scale, text, sentiment_label, keywords, attributes, finished)
    values (?, ?, ?, 'widget', 'survey', ?, 'chrome', 'windows', ?, ?, 1, ?, 'nps', ?, ?, ?, ?, 1)`);
  const impression = db.prepare(`insert into events (id, site_id, survey_id, type, idempotency_key, received_at) values (?, ?, ?, 'impression', ?, ?)`);
  const texts = [
    ['Checkout is slow on my phone', 'neg', '["checkout","slow","phone"]'],
    ['Love the new dashboard', 'pos', '["love","dashboard"]'],
    ['Checkout button broken again', 'neg', '["checkout","broken","button"]'],
    ['Fine overall', 'neu', '["fine"]'],
  ] as const;
  const today = Math.floor(Date.now() / DAY) * DAY;
  db.transaction(() => {
    for (let i = 0; i < 600; i++) {
      const day = 1 + (i % 29);
      const score = (i * 7 + day) % 11 > 3 ? 7 + ((i + day) % 4) : (i % 7);
      const t = i % 3 === 0 ? texts[i % texts.length] : undefined;
      // About two impressions for every answer: a response rate near 50%.
      for (const k of [0, 1]) impression.run(`evt_hist_${i}_${k}`, siteId, surveyId, `imp_hist_${i}_${k}`, today - day * DAY + (i % 20) * 3_600_000 - k * 1000);
      insert.run(`rsp_hist_${i}`, siteId, `hist_${i}`, i % 2 ? 'mobile' : 'desktop', today - day * DAY + (i % 20) * 3_600_000, surveyId,
        Math.min(10, score), t?.[0] ?? null, t?.[1] ?? null, t?.[2] ?? null, `{"plan":"${i % 3 ? 'free' : 'pro'}"}`);
    }
  })();
  db.close();
}

async function openDashboard(page: Page) {
  await page.goto(`${collector.url}/admin/#/dashboard`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('.kpi-value').first().textContent()).toMatch(/^[+−]?\d+$/);
  await expect.poll(() => page.locator('.trend svg[role="img"]').count()).toBe(1);
}

beforeAll(async () => {
  collector = await startCollector(ADMIN_ENV);
  browser = await launchBrowser();
  admin = await signIn(collector);
  const nps = await admin.createSurvey({
    name: 'NPS after checkout',
    questions: [{ id: 'q', type: 'rating', scale: 'nps', required: true, text: { en: 'Recommend us?' } }],
  });
  npsId = nps.id;
  const csat = await admin.createSurvey({
    name: 'Support CSAT',
    questions: [{ id: 'q', type: 'rating', scale: 'csat', required: true, text: { en: 'Satisfied?' } }],
  });
  seedHistory(collector.dataDir, admin.site.id, nps.id);
  for (let i = 0; i < 12; i++) await answer(nps.id, [10, 9, 3, 8, 10, 6][i % 6]!, i);
  for (let i = 0; i < 12; i++) await answer(csat.id, [5, 4, 2, 5][i % 4]!, 100 + i);
  for (let i = 0; i < 30; i++) {
    const res = await fetch(`${collector.url}/v1/events?site=${admin.site.publicKey}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: collector.url },
      body: JSON.stringify({ type: 'impression', idempotencyKey: `imp_dash_${i}_abcdefghij`, clientId: `client_dash_${i}_abcdefgh`, surveyId: i % 2 ? nps.id : csat.id }),
    });
    expect(res.status).toBe(200);
  }
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

describe('dashboard', () => {
  it('draws the scores, trend, rate, sentiment and themes from the stored responses, in light and dark', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await openDashboard(page);

    // 612 NPS answers: the card shows a number with its interval and n.
    const nps = page.locator('.kpi', { has: page.getByRole('heading', { name: 'NPS' }) });
    expect(await nps.locator('.kpi-ci').textContent()).toMatch(/95% CI .+ to .+ · n = 612/);
    // 12 CSAT answers, CES none: shown honestly.
    expect(await page.locator('.kpi', { has: page.getByRole('heading', { name: 'CES' }) }).locator('.kpi-value').textContent()).toBe('No answers in this period');
    // Every chart is an image with a summary, and its data is also a table.
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(6);
    for (const label of await charts.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) expect(label.length).toBeGreaterThan(5);
    expect(await page.locator('.trend table caption').textContent()).toBe('NPS over time');
    expect(await page.locator('.rate').getByRole('link').count()).toBe(2);
    await expect.poll(() => page.locator('.themes li').count()).toBeGreaterThan(0);
    expect(await page.locator('.themes li').first().textContent()).toContain('checkout');

    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();

    const dark = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, colorScheme: 'dark', reducedMotion: 'reduce' });
    const darkPage = await dark.newPage();
    await openDashboard(darkPage);
    await expect.poll(() => darkPage.locator('.themes li').count()).toBeGreaterThan(0);
    const background = await darkPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(17, 24, 39)');
    await darkPage.screenshot({ path: join(SHOTS, 'dashboard-dark.png'), fullPage: true });
    await dark.close();
  });

  it('opens the inbox filtered to the responses behind a chart segment, from the keyboard', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await openDashboard(page);
    // Tab from the Refresh button reaches the chart links (the NPS card's heading link comes first).
    await page.getByRole('button', { name: 'Refresh' }).focus();
    let reached = '';
    for (let i = 0; i < 10 && !reached.startsWith('Detractors'); i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(reached).toMatch(/^Detractors: \d+ \(\d+%\) — open these responses in the inbox$/);
    const [request] = await Promise.all([
      page.waitForRequest((r) => /\/admin\/api\/(sites\/[^/]+\/inbox|responses)\?/.test(r.url())),
      page.keyboard.press('Enter'),
    ]);
    const hash = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(hash.get('scale')).toBe('nps');
    expect(hash.get('band')).toBe('low');
    expect(Number(hash.get('to')) - Number(hash.get('from'))).toBe(30 * DAY);
    // The inbox asks its API for exactly that filter.
    const asked = new URL(request.url()).searchParams;
    expect([asked.get('scale'), asked.get('band'), asked.get('from'), asked.get('to')]).toEqual(['nps', 'low', hash.get('from'), hash.get('to')]);

    // A trend point links to its day.
    await page.goBack();
    const point = page.locator('.trend .chart-links a').last();
    await expect.poll(() => point.getAttribute('href')).toMatch(/^#\/inbox\?/);
    const linked = new URLSearchParams((await point.getAttribute('href'))!.split('?')[1]);
    const today = Math.floor(Date.now() / DAY) * DAY;
    expect(Object.fromEntries(linked)).toEqual({ scale: 'nps', from: String(today), to: String(today + DAY) });
    expect(npsId).toBeTruthy();
    await context.close();
  });

  it('refreshes by itself when a new response arrives (live stream)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await openDashboard(page);
    await expect.poll(() => page.locator('.live-dot').count()).toBe(1);
    const total = page.locator('.kpi-total .kpi-value');
    const before = Number((await total.textContent())!.replace(/\D/g, ''));
    await answer(npsId, 10, 500);
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe((before + 1).toLocaleString('en-US'));
    await context.close();
  });

  it('speaks Chinese', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${collector.url}/admin/#/dashboard`);
    await page.locator('input[type="email"], input[name="email"]').first().fill(ADMIN.email);
    await page.locator('input[type="password"]').first().fill(ADMIN.password);
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('仪表盘');
    await expect.poll(() => page.getByRole('heading', { name: '文本情感' }).count()).toBe(1);
    await expect.poll(() => page.locator('.themes li').count()).toBeGreaterThan(0);
    expect(await page.locator('.kpi .hint').first().textContent()).toBe('推荐者 (9–10) 占比 − 贬损者 (0–6) 占比');
    await page.screenshot({ path: join(SHOTS, 'dashboard-zh.png'), fullPage: true });
    await context.close();
  });
});
