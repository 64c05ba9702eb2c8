import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type World, startWorld } from './fixture.ts';
import { recordWidgetRequests } from './host-site.ts';
import { responseRows } from './sqlite.ts';

// Rules of the kind real sites and frameworks ship, turned up to eleven: a universal reset,
// !important on every element under body, and rules aimed at the tags and roles the widget uses.
const HOSTILE_CSS = `
* { all: unset; }
html, body { display: block; }
body * {
  display: block !important; position: static !important; float: left !important;
  transform: rotate(180deg) scale(.2) !important; opacity: .1 !important; filter: blur(6px) !important;
  pointer-events: none !important; visibility: hidden !important; z-index: -1 !important;
  margin: 40px !important; padding: 40px !important; width: 5px !important; height: 5px !important;
  overflow: hidden !important; contain: strict !important;
  font: italic 900 64px/4 fantasy !important; color: #f0f !important; letter-spacing: 1em !important;
  text-transform: uppercase !important; writing-mode: vertical-rl !important;
}
button, input, textarea, label, div, span, p, h2, form, fieldset, legend { all: unset !important; display: none !important; }
[role="dialog"], [aria-modal], .fl-dialog, .fl-launcher { display: none !important; }
:focus, :focus-visible { outline: none !important; }
`;

// Elements named and classed like the widget's own: its stylesheet must not reach them.
const LOOKALIKES = `
<h1>Plain host</h1>
<h2>A heading</h2>
<fieldset><legend>A legend</legend><label class="fl-opt"><input type="radio" name="x"><span>Option</span></label></fieldset>
<textarea>Host text</textarea>
<button type="button" class="fl-launcher">Host button</button>
<div class="fl-dialog" role="dialog" aria-label="Host dialog"><p class="fl-error">Host error</p><p class="fl-status">Host status</p></div>
<button type="button" class="fl-primary fl-close">Host primary</button>`;

let world: World;
let context: BrowserContext;

beforeAll(async () => {
  world = await startWorld({
    render: (url) =>
      url.pathname === '/hostile'
        ? { head: `<style>${HOSTILE_CSS}</style>` }
        : { body: LOOKALIKES, withoutWidget: url.searchParams.has('without-widget') },
  });
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await world?.close();
});

async function newPage(): Promise<Page> {
  context = await world.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

describe('isolation', () => {
  it('a hostile host stylesheet cannot break the widget', async () => {
    const page = await newPage();
    const sent = recordWidgetRequests(context, world.collector.url);
    await page.goto(world.host.url('/hostile'));

    const launcher = page.getByRole('button', { name: 'Feedback' });
    await launcher.waitFor();
    const box = (await launcher.boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(1280 - 40);
    expect(box.y + box.height).toBeGreaterThan(720 - 40);
    expect(box.height).toBeLessThan(60);
    expect(await launcher.evaluate((el) => {
      const style = getComputedStyle(el);
      return [style.fontSize, style.letterSpacing, style.textTransform, style.writingMode];
    })).toEqual(['14px', 'normal', 'none', 'horizontal-tb']);

    // A real click: Playwright checks the button is the topmost element at that point.
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Send us feedback' });
    await dialog.waitFor();
    const panel = (await dialog.boundingBox())!;
    expect(panel.width).toBeGreaterThan(300);
    expect(panel.x + panel.width).toBeLessThanOrEqual(1280);
    expect(panel.y).toBeGreaterThanOrEqual(0);
    await dialog.getByText('Praise', { exact: true }).click();
    const message = dialog.getByRole('textbox', { name: 'Your message' });
    expect(await message.evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');
    await message.fill('Works on a hostile page');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Thank you! Your feedback has been sent.');
    await expect.poll(() => sent.find((r) => r.path === '/v1/responses')?.status).toBe(200);
    expect(responseRows(world.collector.dataDir).filter((r) => r.text === 'Works on a hostile page')).toMatchObject([{ category: 'praise' }]);
  });

  it('the widget does not restyle or move anything on the host page', async () => {
    // Every computed style and box of every host element, without the widget and with it open.
    const snapshot = (page: Page) =>
      page.evaluate(() => ({
        sheets: document.styleSheets.length,
        adopted: document.adoptedStyleSheets.length,
        inline: [document.documentElement.getAttribute('style'), document.body.getAttribute('style')],
        elements: [...document.body.querySelectorAll('*')]
          .filter((el) => el.localName !== 'feedloop-widget' && el.localName !== 'script')
          .map((el) => {
            const style = getComputedStyle(el);
            const rect = el.getBoundingClientRect();
            return `${el.localName}.${el.className} ${rect.x},${rect.y},${rect.width},${rect.height} ${[...style].map((p) => `${p}:${style.getPropertyValue(p)}`).join(';')}`;
          }),
      }));
    const page = await newPage();
    await page.goto(world.host.url('/plain?without-widget'));
    const before = await snapshot(page);

    await page.goto(world.host.url('/plain'));
    await page.getByRole('button', { name: 'Feedback' }).click();
    await page.getByRole('dialog', { name: 'Send us feedback' }).waitFor();
    const after = await snapshot(page);
    expect(after).toEqual(before);
    expect(await page.evaluate(() => [...document.body.children].filter((el) => el.localName === 'feedloop-widget').length)).toBe(1);
  });

  it('works on the example page under a strict Content-Security-Policy without a single violation', async () => {
    // The example surveys, loaded the way the README tells users to (after the tests above: they
    // target every page of the site).
    const seed = spawnSync(process.execPath, ['--import', 'tsx', 'collector/cli/seed.ts', 'examples/surveys/seed.json'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { ...process.env, DATA_DIR: world.collector.dataDir },
      encoding: 'utf8',
    });
    expect(seed.status, seed.stderr).toBe(0);

    const page = await newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|feedloop/i.test(msg.text())) problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
    const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

    const res = await page.goto(`${world.collector.url}/examples/surveys/?csp=strict`);
    expect(res?.headers()['content-security-policy']).toMatch(/style-src 'self'(;|$)/);

    // This page is too short to scroll, so the scroll-depth survey asks at once.
    const dialog = page.getByRole('dialog', { name: 'Quick question' });
    await dialog.getByRole('group', { name: 'How easy was it to set things up?' }).waitFor();
    await dialog.getByRole('radio', { name: '7', exact: true }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The seeded NPS prompt, shown by the page's own button, answered with its follow-up.
    await page.getByRole('button', { name: "feedloop('track', 'checkout_completed')" }).click();
    await dialog.getByRole('group', { name: 'How likely are you to recommend Acme to a friend?' }).waitFor();
    await dialog.getByRole('radio', { name: '10', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Great! What do you like most?' }).fill('Under a strict CSP');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => responseRows(world.collector.dataDir).filter((r) => r.text === 'Under a strict CSP')).toMatchObject([{ score: 10, finished: 1 }]);

    // The widget's own stylesheets applied: the launcher wears the seeded accent colour.
    const launcher = page.getByRole('button', { name: 'Feedback' });
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)');
    await launcher.click();
    await page.getByRole('dialog', { name: 'Send us feedback' }).waitFor();

    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    // The listener does hear violations: an inline style is refused.
    await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'p{}' })));
    await expect.poll(violations).toEqual([expect.stringContaining('style-src')]);
  });
});
