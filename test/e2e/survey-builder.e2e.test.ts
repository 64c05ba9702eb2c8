import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../shared/schema/site-config.ts';
import { ADMIN, ADMIN_ENV, type AdminClient, signIn } from './admin-api.ts';
import { recordWidgetRequests } from './host-site.ts';
import { responseRows } from './sqlite.ts';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

// The survey builder end to end: sign in, build an NPS survey, watch the real widget draw it in
// the preview and follow every edit, save (twice: two versions), pause and resume, then answer it
// on the example site and find the response stored against the version it answered.

const SCREENSHOT = resolve(import.meta.dirname, '../../test-results/screenshots/survey-builder.png');

let collector: RunningCollector;
let admin: AdminClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let preview: FrameLocator;
const consoleErrors: string[] = [];

beforeAll(async () => {
  collector = await startCollector(ADMIN_ENV);
  admin = await signIn(collector);
  browser = await launchBrowser();
  // Reduced motion: the widget then draws its dialog without the fade-in, so the screenshot is steady.
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 1000 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  // Both pages run under strict CSPs (the admin's, the preview's connect-src 'none'): any refusal,
  // or any script error in either, would show up here. (The signed-out session check's 401 and the
  // missing favicon are expected.)
  page.on('console', (message) => {
    const where = message.location().url;
    if (message.type() === 'error' && !/\/admin\/api\/session$|\/favicon\.ico$/.test(where)) consoleErrors.push(`${message.text()} ${where}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  preview = page.frameLocator('iframe[title="Preview of the survey, drawn by the real widget"]');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await collector?.stop();
});

const previewDialog = () => preview.getByRole('dialog', { name: 'Quick question' });
const saveStatus = () => page.locator('.sv-savebar [role="status"]');

async function liveSurveyIds(): Promise<string[]> {
  const res = await fetch(`${collector.url}/v1/config?site=${admin.site.publicKey}`);
  return ((await res.json()) as SiteConfig).surveys.map((s) => s.id);
}

describe('survey builder', () => {
  let surveyId = '';

  it('signs in and starts an NPS survey from its template', async () => {
    await page.goto(`${collector.url}/admin/#/surveys`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Surveys', level: 1 }).waitFor();
    await page.getByRole('link', { name: /^NPS/ }).click();
    await page.getByRole('heading', { name: 'New NPS' }).waitFor();
    await page.getByLabel('Name (only admins see it)').fill('Checkout NPS');
  });

  it('draws the draft with the real widget in the preview and follows every edit', async () => {
    await expect.poll(() => previewDialog().textContent()).toContain('How likely are you to recommend us to a friend or colleague?');
    // Eleven native radios 0–10: the widget's own rating scale, not a mock-up.
    expect(await previewDialog().getByRole('radio').count()).toBe(11);

    const english = page.locator('#f-questions-0-text-en');
    await english.fill('How likely are you to recommend Acme Shop?');
    await expect.poll(() => previewDialog().textContent()).toContain('How likely are you to recommend Acme Shop?');
    // Typing in the builder keeps the focus there while the preview redraws.
    expect(await english.evaluate((el) => el === document.activeElement)).toBe(true);

    // How long an edit takes to show (debounce included), measured in the page; printed, not judged.
    const ms = await page.evaluate(async () => {
      const input = document.getElementById('f-questions-0-text-en') as HTMLTextAreaElement;
      const frame = document.querySelector<HTMLIFrameElement>('.sv-preview-frame')!;
      const shown = () => frame.contentDocument?.querySelector('feedloop-widget')?.shadowRoot?.textContent ?? '';
      const started = performance.now();
      input.value = 'How likely are you to recommend Acme Shop to a friend?';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (!shown().includes('Acme Shop to a friend?')) await new Promise(requestAnimationFrame);
      return performance.now() - started;
    });
    console.log(`preview_update_ms=${ms.toFixed(0)}`);

    await page.getByLabel('Preview language').selectOption('zh-CN');
    await expect.poll(() => previewDialog().count()).toBe(0);
    const zhDialog = preview.getByRole('dialog', { name: '快速提问' });
    await expect.poll(() => zhDialog.textContent()).toContain('您有多大可能向朋友或同事推荐我们？');
    await page.getByLabel('Preview language').selectOption('en');
    await expect.poll(() => previewDialog().textContent()).toContain('Acme Shop');

    await page.getByLabel('Preview theme').selectOption('dark');
    await expect.poll(() => preview.locator('feedloop-widget').getAttribute('data-mode')).toBe('dark');
    await page.getByLabel('Preview theme').selectOption('light');
    await expect.poll(() => preview.locator('feedloop-widget').getAttribute('data-mode')).toBe('light');
  });

  it('records what the preview would send, and sends nothing', async () => {
    const sent = recordWidgetRequests(context, collector.url);
    await previewDialog().getByRole('radio', { name: '3', exact: true }).click();
    // The detractor wording of the follow-up, from the template.
    await expect.poll(() => previewDialog().textContent()).toContain('What should we do better?');
    await expect.poll(() => page.locator('.sv-recorded').textContent()).toContain('partial: {"nps":3}');
    // Escape closes the preview's modal (the keyboard way out of the frame): recorded as a dismissal.
    await previewDialog().getByRole('textbox').press('Escape');
    await expect.poll(() => previewDialog().count()).toBe(0);
    await expect.poll(() => page.locator('.sv-recorded').textContent()).toContain('closed before the end (a dismissal)');
    await page.getByRole('button', { name: 'Show again' }).click();
    await previewDialog().waitFor();
    expect(sent).toEqual([]);
    expect(responseRows(collector.dataDir)).toEqual([]);
  });

  it('shows validation problems beside the field and refuses to save', async () => {
    const english = page.locator('#f-questions-0-text-en');
    await english.fill('');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await expect.poll(() => page.locator('#f-questions-0-text-en-error').textContent()).toBe('Fill this in.');
    expect(await english.getAttribute('aria-invalid')).toBe('true');
    // Focus goes to the first problem, and the preview says it shows the last valid draft.
    expect(await english.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => page.locator('.sv-preview [role="status"]').textContent()).toContain('last valid draft');
    await english.fill('How likely are you to recommend Acme Shop?');
    await expect.poll(() => page.locator('#f-questions-0-text-en-error').count()).toBe(0);
  });

  it('creates version 1, then saves an edit as version 2 and lists both', async () => {
    await page.getByRole('button', { name: 'Create survey' }).click();
    await expect.poll(() => saveStatus().textContent()).toBe('Saved as version 1.');
    await expect.poll(() => page.url()).toMatch(/#\/surveys\/[^/]+$/);
    surveyId = decodeURIComponent(page.url().split('#/surveys/')[1]!);
    expect(await liveSurveyIds()).toContain(surveyId);
    await expect.poll(() => page.locator('.sv-note').first().textContent()).toContain('Saving creates version 2');

    await page.locator('#f-questions-0-followUp-high-en').fill('Wonderful! What do you like most about Acme?');
    await expect.poll(() => saveStatus().textContent()).toBe('Unsaved changes');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => saveStatus().textContent()).toBe('Saved as version 2.');
    await expect.poll(() => page.locator('.sv-versions > li').count()).toBe(2);
    expect(await page.locator('.sv-versions > li').first().textContent()).toContain('Version 2');

    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await previewDialog().waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('pauses and resumes from the list; a paused survey is not offered to visitors', async () => {
    await page.getByRole('button', { name: /All surveys/ }).click();
    const row = page.getByRole('row', { name: /Checkout NPS/ });
    await expect.poll(() => row.textContent()).toContain('v2');
    expect(await row.textContent()).toContain('Active');

    await row.getByRole('button', { name: 'Pause: Checkout NPS' }).click();
    await expect.poll(() => row.textContent()).toContain('Paused');
    expect(await liveSurveyIds()).not.toContain(surveyId);

    await row.getByRole('button', { name: 'Resume: Checkout NPS' }).click();
    await expect.poll(() => row.textContent()).toContain('Active');
    expect(await liveSurveyIds()).toContain(surveyId);
  });

  it('is answered on the example site, stored against version 2, and shows up live in the inbox', async () => {
    // The admin watches the survey's inbox while a visitor answers: no reload in between.
    await page.goto(`${collector.url}/admin/#/inbox?survey=${encodeURIComponent(surveyId)}`);
    await page.locator('.inbox').waitFor();
    await expect.poll(() => page.locator('.live-dot').textContent()).toBe('Live');
    expect(await page.locator('.inbox-list .response').count()).toBe(0);
    const visitor = await browser.newContext({ locale: 'en-US' });
    visitor.setDefaultTimeout(10_000);
    try {
      const site = await visitor.newPage();
      await site.goto(`${collector.url}/examples/basic/`);
      const dialog = site.getByRole('dialog', { name: 'Quick question' });
      await expect.poll(() => dialog.textContent()).toContain('How likely are you to recommend Acme Shop?');
      await dialog.getByRole('radio', { name: '10', exact: true }).click();
      await dialog.getByRole('textbox', { name: 'Wonderful! What do you like most about Acme?' }).fill('Fast delivery');
      await dialog.getByRole('button', { name: 'Submit' }).click();
      await expect
        .poll(() => responseRows(collector.dataDir, surveyId).map((r) => ({ score: r.score, text: r.text, finished: r.finished })))
        .toEqual([{ score: 10, text: 'Fast delivery', finished: 1 }]);
      const [row] = responseRows(collector.dataDir, surveyId) as Array<{ survey_version?: number }>;
      expect(row?.survey_version).toBe(2);
      // The survey's filtered view, read from the top: the answer joins it live, no reload.
      const arrived = page.locator('.inbox-list .response');
      await expect.poll(() => arrived.count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => arrived.first().textContent()).toContain('Fast delivery');
      expect(await page.locator('.inbox-new').count()).toBe(0);
    } finally {
      await visitor.close();
    }
  });
});
