import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { type World, startWorld } from './fixture.ts';
import { feedloop, recordWidgetRequests } from './host-site.ts';
import { responseRows } from './sqlite.ts';

let world: World;
let context: BrowserContext;
let nps: PublishedSurvey;
let onboarding: PublishedSurvey;

beforeAll(async () => {
  world = await startWorld({
    render: (url) => ({
      body: `<h1>Host page</h1><button type="button" id="rate">Rate us</button>
<script>document.getElementById('rate').addEventListener('click', () => feedloop('track', 'rate'));</script>`,
      // ?lang=…: the page picks the widget's language before widget.js has loaded.
      early: url.searchParams.has('lang') ? `feedloop('setLocale', ${JSON.stringify(url.searchParams.get('lang'))});` : undefined,
    }),
  });
  nps = await world.admin.createSurvey({
    name: 'NPS',
    trigger: { events: ['rate'] },
    questions: [
      {
        id: 'nps',
        type: 'rating',
        scale: 'nps',
        text: { en: 'How likely are you to recommend us?', 'zh-CN': '您有多大可能向朋友推荐我们？' },
        followUp: {
          low: { en: 'What went wrong?', 'zh-CN': '哪里出了问题？' },
          high: { en: 'What do you like most?', 'zh-CN': '您最喜欢什么？' },
        },
      },
    ],
  });
  onboarding = await world.admin.createSurvey({
    name: 'Onboarding',
    trigger: { events: ['onboarded'] },
    questions: [
      {
        id: 'role',
        type: 'single',
        text: { en: 'What is your role?', 'zh-CN': '您的角色是？' },
        options: [
          { id: 'dev', label: { en: 'Developer', 'zh-CN': '开发者' } },
          { id: 'pm', label: { en: 'Product manager', 'zh-CN': '产品经理' } },
        ],
      },
      { id: 'more', type: 'text', text: { en: 'Anything else?', 'zh-CN': '还有什么想告诉我们的吗？' } },
    ],
  });
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await world?.close();
});

async function open(locale: string): Promise<Page> {
  context = await world.browser.newContext({ locale });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(world.host.url('/'));
  return page;
}

/** What has focus, through the widget's shadow root: its accessible name or text, and role. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const inDialog = !!el.closest('[role="dialog"]');
    const name = el.getAttribute('aria-label') ?? (el.closest('label')?.textContent || el.textContent || '').trim();
    const kind = el instanceof HTMLInputElement ? `${el.type}${el.checked ? ' checked' : ''}` : el.localName;
    return `${inDialog ? 'dialog ' : ''}${kind} "${name}"`;
  });
}

describe('keyboard only', () => {
  it('completes an NPS prompt with Tab, arrow keys, Enter and Space; focus moves in, is trapped, follows each step and returns', async () => {
    const page = await open('en-US');
    const sent = recordWidgetRequests(context, world.collector.url);
    await page.getByRole('button', { name: 'Feedback' }).waitFor();

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button "Rate us"');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Quick question' });
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toBe('dialog button "Close"');

    // The focus trap: Shift+Tab from the first control wraps to the last, Tab wraps back.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('dialog button "Next"');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('dialog button "Close"');

    // One tab stop for the whole scale; arrow keys move the choice without sending it.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('dialog radio "0"');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toBe('dialog radio checked "9"');
    expect(sent.filter((r) => r.path === '/v1/responses')).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('dialog button "Next"');
    await page.keyboard.press('Enter');

    // The follow-up takes the focus; typing and Space on Submit finish the prompt.
    await expect.poll(() => focused(page)).toBe('dialog textarea "What do you like most?"');
    await page.keyboard.type('Everything, by keyboard');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('dialog button "Submit"');
    await page.keyboard.press('Space');
    await expect.poll(() => focused(page)).toBe('dialog button "Done"');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await focused(page)).toBe('button "Rate us"');

    await expect
      .poll(() => responseRows(world.collector.dataDir, nps.id).map((r) => [r.score, r.text, r.finished]))
      .toEqual([[9, 'Everything, by keyboard', 1]]);
  });

  it('sends feedback from the launcher by keyboard; focus follows to Done, Escape closes and focus returns to the launcher', async () => {
    const page = await open('en-US');
    await page.getByRole('button', { name: 'Feedback' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button "Feedback"');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Send us feedback' }).waitFor();
    await expect.poll(() => focused(page)).toBe('dialog textarea "Your message"');
    await page.keyboard.type('Sent without a mouse');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('dialog button "Send"');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('dialog button "Done"');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('button "Feedback"');
    expect(responseRows(world.collector.dataDir).filter((r) => r.text === 'Sent without a mouse')).toHaveLength(1);
  });
});

describe('Chinese locale', () => {
  it('a zh-CN browser gets the launcher, the widget texts and the survey texts in Simplified Chinese', async () => {
    const page = await open('zh-CN');
    const sent = recordWidgetRequests(context, world.collector.url);
    const launcher = page.getByRole('button', { name: '反馈' });
    await launcher.waitFor();

    await feedloop(page, 'track', 'onboarded');
    const dialog = page.getByRole('dialog', { name: '快速提问' });
    await dialog.getByRole('group', { name: '您的角色是？' }).waitFor();
    expect(await dialog.locator('.fl-progress').textContent()).toBe('第 1 题，共 2 题');
    await dialog.getByRole('radio', { name: '产品经理' }).check();
    await dialog.getByRole('button', { name: '下一题' }).click();
    await dialog.getByRole('textbox', { name: '还有什么想告诉我们的吗？' }).fill('很好用');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('感谢您的回答！');
    await dialog.getByRole('button', { name: '完成' }).click();

    await launcher.click();
    const form = page.getByRole('dialog', { name: '给我们反馈' });
    await form.getByRole('textbox', { name: '您的留言' }).waitFor();
    await form.getByRole('button', { name: '关闭' }).click();

    await expect.poll(() => responseRows(world.collector.dataDir, onboarding.id).map((r) => [r.locale, r.answers, r.finished])).toEqual([
      ['zh-CN', JSON.stringify({ role: 'pm', more: '很好用' }), 1],
    ]);
    expect(sent.find((r) => r.path === '/v1/responses')?.body.locale).toBe('zh-CN');
  });
});

describe('language chosen by the page', () => {
  it('a setLocale made before widget.js loaded wins over the site\'s default language', async () => {
    await world.admin.putSettings({ locale: 'en' });
    try {
      context = await world.browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(world.host.url('/?lang=zh-CN'));
      await page.getByRole('button', { name: '反馈' }).waitFor({ timeout: 10_000 });
    } finally {
      await world.admin.putSettings({});
    }
  });
});
