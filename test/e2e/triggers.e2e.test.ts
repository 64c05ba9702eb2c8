import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedSurvey, SurveyInput } from '../../shared/schema/survey.ts';
import { type World, startWorld } from './fixture.ts';
import { type WidgetRequest, feedloop, recordWidgetRequests } from './host-site.ts';
import { eventRows, responseRows } from './sqlite.ts';

const DELAY_MS = 400;

function thumbs(name: string, question: string, trigger: SurveyInput['trigger'], caps?: SurveyInput['caps']): SurveyInput {
  return { name, trigger, caps, questions: [{ id: 'ok', type: 'rating', scale: 'thumbs', text: { en: question } }] };
}

let world: World;
let context: BrowserContext;
const s: Record<string, PublishedSurvey> = {};

beforeAll(async () => {
  world = await startWorld({
    render: (url) =>
      url.pathname === '/article'
        ? { body: '<h1>A long article</h1><div style="height: 4000px"></div><p>The end.</p>' }
        : url.pathname === '/account'
          ? { early: "feedloop('identify', 'user-7', { plan: 'free' });" }
          : url.search === '?tracked-before-load'
            ? { early: "feedloop('track', 'checkout_completed');" }
            : {},
  });
  // Several surveys per visitor in these tests: no site-wide wait between two of them.
  await world.admin.putSettings({ recontactDays: 0 });
  s.shop = await world.admin.createSurvey(
    thumbs('Shop', 'Finding what you need?', { urlInclude: ['/shop/*'], urlExclude: ['/shop/cart*'], delayMs: DELAY_MS }),
  );
  s.checkout = await world.admin.createSurvey(thumbs('Checkout', 'Was checkout easy?', { urlInclude: ['/checkout*'], events: ['checkout_completed'] }));
  s.pro = await world.admin.createSurvey(
    thumbs('Pro', 'Is the Pro plan worth it?', { urlInclude: ['/account'], attributes: [{ key: 'plan', op: 'eq', value: 'pro' }] }),
  );
  s.article = await world.admin.createSurvey(thumbs('Article', 'Was this article helpful?', { urlInclude: ['/article'], scrollPercent: 50 }));
  s.welcome = await world.admin.createSurvey(thumbs('Welcome', 'Do you like the new home page?', { urlInclude: ['/welcome'] }));
  s.control = await world.admin.createSurvey(
    thumbs('Control', 'Control question', { urlInclude: ['/welcome'], events: ['control'] }, { recontactDays: 0, dismissDays: 0 }),
  );
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await world?.close();
});

async function visit(path: string): Promise<{ page: Page; sent: WidgetRequest[] }> {
  context = await world.browser.newContext({ locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const sent = recordWidgetRequests(context, world.collector.url);
  const page = await context.newPage();
  await page.goto(world.host.url(path));
  await booted(page);
  return { page, sent };
}

/**
 * Waits until the widget has evaluated its triggers for the first time: it creates the launcher
 * (which a survey shown at once may hide: so attached, not visible) and evaluates in the next
 * timer task, which runs before a timer queued after it.
 */
async function booted(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Feedback', includeHidden: true }).waitFor({ state: 'attached' });
  await page.evaluate(() => new Promise((done) => setTimeout(done)));
}

/**
 * Proves that no survey is showing: only one thing is shown at a time, so the feedback form
 * opens only when nothing else is on screen. Closes it again.
 */
async function expectNothingShowing(page: Page): Promise<void> {
  await feedloop(page, 'open');
  const form = page.getByRole('dialog', { name: 'Send us feedback' });
  await form.waitFor();
  await form.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

const survey = (page: Page, question: string) => page.getByRole('dialog', { name: 'Quick question' }).getByRole('group', { name: question });

describe('triggers', () => {
  it('URL include/exclude and delay: an excluded page asks nothing; a pushState route change re-evaluates and asks after the delay', async () => {
    const { page, sent } = await visit('/shop/cart');
    await page.waitForTimeout(DELAY_MS * 1.5); // longer than the survey's delay: it would have shown by now
    await expectNothingShowing(page);

    const navigatedAt = await page.evaluate(() => {
      const at = Date.now();
      history.pushState({}, '', '/shop/item?id=7');
      return at;
    });
    await survey(page, 'Finding what you need?').waitFor();
    const impression = () => sent.find((r) => r.path === '/v1/events' && r.body.type === 'impression');
    await expect.poll(() => impression()?.body.surveyId).toBe(s.shop!.id);
    expect(Number(impression()?.body.at) - navigatedAt).toBeGreaterThanOrEqual(DELAY_MS);
    expect(impression()?.body.page).toMatchObject({ url: world.host.url('/shop/item?id=7') });
  });

  it('a custom event tracked with feedloop("track") shows its survey, also when tracked before the script loaded', async () => {
    const { page } = await visit('/checkout');
    await expectNothingShowing(page);
    await feedloop(page, 'track', 'checkout_completed');
    await survey(page, 'Was checkout easy?').waitFor();
    await context.close();

    await visit('/checkout?tracked-before-load');
    const early = context.pages()[0]!;
    await survey(early, 'Was checkout easy?').waitFor();
  });

  it('an event tracked before a route change does not carry over to the next page view', async () => {
    const { page } = await visit('/cart-page');
    await feedloop(page, 'track', 'checkout_completed');
    await page.evaluate(() => history.pushState({}, '', '/checkout/done'));
    await expectNothingShowing(page);
    // Tracked on this page view, it counts.
    await feedloop(page, 'track', 'checkout_completed');
    await survey(page, 'Was checkout easy?').waitFor();
  });

  it('user attributes from feedloop("identify") target a survey and are stored with the answer', async () => {
    // The page identified the visitor as plan "free" before widget.js loaded (the command queue).
    const { page, sent } = await visit('/account');
    await expectNothingShowing(page);
    await feedloop(page, 'identify', 'user-7', { plan: 'pro', seats: 12 });
    await survey(page, 'Is the Pro plan worth it?').waitFor();
    await page.getByRole('radio', { name: 'Thumbs up' }).click();
    await expect.poll(() => sent.find((r) => r.path === '/v1/responses')?.status).toBe(200);
    const [row] = responseRows(world.collector.dataDir, s.pro!.id);
    expect(row).toMatchObject({ user_id: 'user-7', score: 1, finished: 1 });
    expect(JSON.parse(row!.attributes!)).toEqual({ plan: 'pro', seats: 12 });
  });

  it('scroll depth: asks once the visitor has scrolled past half the page', async () => {
    const { page } = await visit('/article');
    await expectNothingShowing(page);
    await page.mouse.wheel(0, 600);
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await survey(page, 'Was this article helpful?').waitFor();
  });
});

describe('recontact wait', () => {
  it('after answering, neither a reload nor a second visit asks again', async () => {
    const { page, sent } = await visit('/welcome');
    await survey(page, 'Do you like the new home page?').waitFor();
    await page.getByRole('radio', { name: 'Thumbs down' }).click();
    await expect.poll(() => page.getByRole('dialog').getByRole('status').textContent()).toBe('Thank you for your answers!');
    await expect.poll(() => sent.find((r) => r.path === '/v1/responses')?.status).toBe(200);

    // Were the answered survey eligible, it would be on screen as soon as the launcher is, and
    // the control survey (shown by an event) could not open: one thing at a time.
    const again = async (p: Page) => {
      await booted(p);
      await feedloop(p, 'track', 'control');
      await survey(p, 'Control question').waitFor();
      await p.getByRole('button', { name: 'Close' }).click();
    };
    await page.reload();
    await again(page);
    const secondVisit = await context.newPage(); // a new tab: a new visit
    await secondVisit.goto(world.host.url('/welcome'));
    await again(secondVisit);

    expect(responseRows(world.collector.dataDir, s.welcome!.id)).toHaveLength(1);
    expect(eventRows(world.collector.dataDir, s.welcome!.id).filter((e) => e.type === 'impression')).toHaveLength(1);
  });
});
