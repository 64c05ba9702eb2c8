import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedSurvey, SurveyInput } from '../../shared/schema/survey.ts';
import { type World, startWorld } from './fixture.ts';
import { feedloop, recordWidgetRequests } from './host-site.ts';
import { eventRows, responseRows } from './sqlite.ts';

/** One rating prompt per scale, each shown by its own custom event. */
function prompt(scale: 'nps' | 'csat' | 'ces' | 'thumbs' | 'stars'): SurveyInput {
  return {
    name: `${scale} prompt`,
    trigger: { events: [`ask_${scale}`] },
    questions: [
      {
        id: scale,
        type: 'rating',
        scale,
        text: { en: `Rate us (${scale})` },
        followUp: {
          low: { en: `What went wrong (${scale})?` },
          mid: { en: `What would make it better (${scale})?` },
          high: { en: `What did you like (${scale})?` },
        },
      },
    ],
  };
}

// The score chosen on each scale, the radio's accessible name, and the wording its band gets.
const CASES = [
  { scale: 'nps', score: 3, radio: '3', band: 'What went wrong' },
  { scale: 'csat', score: 3, radio: '3', band: 'What would make it better' },
  { scale: 'ces', score: 6, radio: '6', band: 'What did you like' },
  { scale: 'thumbs', score: 0, radio: 'Thumbs down', band: 'What went wrong' },
  { scale: 'stars', score: 5, radio: '5 of 5 stars', band: 'What did you like' },
] as const;

let world: World;
const surveys = new Map<string, PublishedSurvey>();

beforeAll(async () => {
  world = await startWorld();
  for (const { scale } of CASES) surveys.set(scale, await world.admin.createSurvey(prompt(scale)));
});

afterAll(async () => {
  await world?.close();
});

describe('rating prompts, end to end into the database', () => {
  for (const { scale, score, radio, band } of CASES) it(`${scale}: the score is stored at once and the score-worded follow-up joins the same response`, async () => {
    const survey = surveys.get(scale)!;
    const { collector, host, browser } = world;
    const context = await browser.newContext({ locale: 'en-US' });
    context.setDefaultTimeout(10_000);
    const sent = recordWidgetRequests(context, collector.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(host.url('/'));
    await page.getByRole('button', { name: 'Feedback' }).waitFor();
    await feedloop(page, 'track', `ask_${scale}`);
    const dialog = page.getByRole('dialog', { name: 'Quick question' });
    await dialog.getByRole('group', { name: `Rate us (${scale})` }).waitFor();

    // A pointer click on a score sends it at once, before any follow-up is written.
    await dialog.getByRole('radio', { name: radio, exact: true }).click();
    await expect.poll(() => sent.filter((r) => r.path === '/v1/responses').map((r) => r.status)).toEqual([200]);
    const first = sent.find((r) => r.path === '/v1/responses')!;
    expect(first.body).toMatchObject({ kind: 'survey', surveyId: survey.id, surveyVersion: 1, answers: { [scale]: score }, finished: false });
    await expect.poll(() => responseRows(collector.dataDir, survey.id)).toMatchObject([{ score, scale, finished: 0, text: null }]);

    const why = `Because of ${scale} ${Date.now()}`;
    await dialog.getByRole('textbox', { name: `${band} (${scale})?` }).fill(why);
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Thank you for your answers!');

    // The follow-up goes to the first response by its idempotency key: one row, score and text.
    await expect.poll(() => sent.filter((r) => r.path !== '/v1/responses' && r.path !== '/v1/events').map((r) => r.status)).toEqual([200]);
    const followUp = sent.find((r) => r.path.startsWith('/v1/responses/'))!;
    expect(followUp.path).toBe(`/v1/responses/${String(first.body.idempotencyKey)}`);
    expect(followUp.body).toEqual({ clientId: first.body.clientId, answers: { [scale]: score, [`${scale}_why`]: why }, finished: true });
    const rows = responseRows(collector.dataDir, survey.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'survey', score, scale, text: why, finished: 1, idempotency_key: first.body.idempotencyKey });
    expect(JSON.parse(rows[0]!.answers!)).toEqual({ [scale]: score, [`${scale}_why`]: why });

    // Shown and completed are recorded, so the response rate is real.
    await expect.poll(() => eventRows(collector.dataDir, survey.id).map((e) => e.type).sort()).toEqual(['completion', 'impression']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
