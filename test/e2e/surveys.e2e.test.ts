import type { BrowserContext, Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { type World, startWorld } from './fixture.ts';
import { type WidgetRequest, feedloop, recordWidgetRequests } from './host-site.ts';
import { eventRows, responseRows } from './sqlite.ts';

let world: World;
let survey: PublishedSurvey;
let context: BrowserContext;

beforeAll(async () => {
  world = await startWorld();
  survey = await world.admin.createSurvey({
    name: 'Onboarding',
    trigger: { events: ['onboarded'] },
    questions: [
      {
        id: 'role',
        type: 'single',
        required: true,
        text: { en: 'What is your role?' },
        options: [
          { id: 'dev', label: { en: 'Developer' } },
          { id: 'pm', label: { en: 'Product manager' } },
          { id: 'other', label: { en: 'Something else' } },
        ],
        logic: [{ option: 'other', goto: 'end' }],
      },
      {
        id: 'tools',
        type: 'multi',
        text: { en: 'What do you use us for?' },
        options: [
          { id: 'shop', label: { en: 'Shopping' } },
          { id: 'gifts', label: { en: 'Gifts' } },
          { id: 'work', label: { en: 'Work supplies' } },
        ],
      },
      { id: 'ease', type: 'rating', scale: 'ces', required: true, text: { en: 'How easy was getting started?' } },
      { id: 'more', type: 'text', text: { en: 'Anything else?' } },
    ],
  });
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await world?.close();
});

async function openSurvey(): Promise<{ dialog: Locator; sent: WidgetRequest[]; progress: Locator }> {
  context = await world.browser.newContext({ locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const sent = recordWidgetRequests(context, world.collector.url);
  const page = await context.newPage();
  await page.goto(world.host.url('/'));
  await page.getByRole('button', { name: 'Feedback' }).waitFor();
  await feedloop(page, 'track', 'onboarded');
  const dialog = page.getByRole('dialog', { name: 'Quick question' });
  await dialog.waitFor();
  return { dialog, sent, progress: dialog.locator('.fl-progress') };
}

const rows = () => responseRows(world.collector.dataDir, survey.id);
const answersOf = (clientId: unknown) => {
  const row = rows().find((r) => r.client_id === clientId);
  return row && { answers: JSON.parse(row.answers ?? '{}') as unknown, finished: row.finished };
};

describe('micro-survey', () => {
  it('walks the questions with progress, insists on a required one and stores one finished response', async () => {
    const { dialog, sent, progress } = await openSurvey();
    expect(await progress.textContent()).toBe('Question 1 of 4');
    await dialog.getByRole('radio', { name: 'Developer' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();

    await expect.poll(() => progress.textContent()).toBe('Question 2 of 4');
    await dialog.getByRole('checkbox', { name: 'Shopping' }).check();
    await dialog.getByRole('checkbox', { name: 'Work supplies' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();

    await expect.poll(() => progress.textContent()).toBe('Question 3 of 4');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Please answer this question.');
    expect(await progress.textContent()).toBe('Question 3 of 4');
    await dialog.getByRole('radio', { name: '6', exact: true }).click();

    await expect.poll(() => progress.textContent()).toBe('Question 4 of 4');
    await dialog.getByRole('textbox', { name: 'Anything else?' }).fill('Keep it simple');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Thank you for your answers!');

    // Every step was saved: one new response, then additions to it by its key.
    const first = sent.find((r) => r.path === '/v1/responses')!;
    await expect.poll(() => sent.filter((r) => r.path.startsWith('/v1/responses')).every((r) => r.status === 200)).toBe(true);
    expect(sent.filter((r) => r.path === '/v1/responses')).toHaveLength(1);
    expect(new Set(sent.filter((r) => r.path.startsWith('/v1/responses/')).map((r) => r.path))).toEqual(
      new Set([`/v1/responses/${String(first.body.idempotencyKey)}`]),
    );
    await expect.poll(() => answersOf(first.body.clientId)).toEqual({
      answers: { role: 'dev', tools: ['shop', 'work'], ease: 6, more: 'Keep it simple' },
      finished: 1,
    });
    expect(rows().filter((r) => r.client_id === first.body.clientId)).toMatchObject([{ score: 6, scale: 'ces', text: 'Keep it simple' }]);
  });

  it('ends at once when the chosen option jumps to the end, skipping a required question', async () => {
    const { dialog, sent, progress } = await openSurvey();
    await dialog.getByRole('radio', { name: 'Something else' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Thank you for your answers!');
    expect(await progress.count()).toBe(0);

    await expect.poll(() => sent.find((r) => r.path === '/v1/responses')?.body).toMatchObject({ answers: { role: 'other' }, finished: true });
    const first = sent.find((r) => r.path === '/v1/responses')!;
    await expect.poll(() => answersOf(first.body.clientId)).toEqual({ answers: { role: 'other' }, finished: 1 });
  });

  it('keeps the answers of a half-finished survey as a partial response', async () => {
    const { dialog, sent, progress } = await openSurvey();
    await dialog.getByRole('radio', { name: 'Product manager' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => progress.textContent()).toBe('Question 2 of 4');
    await dialog.getByRole('checkbox', { name: 'Gifts' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => progress.textContent()).toBe('Question 3 of 4');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    const clientId = sent.find((r) => r.path === '/v1/responses')!.body.clientId;
    await expect.poll(() => answersOf(clientId)).toEqual({ answers: { role: 'pm', tools: ['gifts'] }, finished: 0 });
    // Closing early is a dismissal, not a completion.
    await expect
      .poll(() => eventRows(world.collector.dataDir, survey.id).filter((e) => e.client_id === clientId).map((e) => e.type))
      .toEqual(['impression', 'dismissal']);
  });
});
