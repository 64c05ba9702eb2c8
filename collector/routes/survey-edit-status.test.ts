import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { type TestContext, adminRequest, createTestContext, signIn } from '../../test/helpers/context.ts';
import { npsSurvey } from '../../test/helpers/surveys.ts';

let ctx: TestContext;
let call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ReturnType<typeof adminRequest>;

beforeEach(async () => {
  ctx = await createTestContext();
  const auth = await signIn(ctx);
  call = (method, path, body, headers) => adminRequest(ctx, auth, method, `/sites/${ctx.site.id}${path}`, body, headers);
});
afterEach(async () => {
  await ctx.close();
});

const reworded = { ...npsSurvey, questions: [{ ...npsSurvey.questions[0]!, text: { en: 'Would you recommend the new shop?' } }] };

async function liveSurveyIds(): Promise<string[]> {
  const res = await ctx.app.request(`/v1/config?site=${ctx.site.public_key}`);
  return ((await res.json()) as { surveys: Array<{ id: string }> }).surveys.map((s) => s.id);
}

it('keeps a survey paused or archived by another admin when an edit names no status', async () => {
  const created = (await (await call('POST', '/surveys', npsSurvey)).json()) as PublishedSurvey;
  for (const status of ['paused', 'archived'] as const) {
    // Another admin changes the status while this one edits the wording.
    expect((await call('POST', `/surveys/${created.id}/status`, { status })).status).toBe(204);
    const res = await call('PUT', `/surveys/${created.id}`, reworded);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status });
    const [listed] = ((await (await call('GET', '/surveys')).json()) as { items: PublishedSurvey[] }).items;
    expect(listed).toMatchObject({ status, questions: [{ text: { en: 'Would you recommend the new shop?' } }] });
    expect(await liveSurveyIds()).toEqual([]);
  }
});

it('sets the status an edit names', async () => {
  const created = (await (await call('POST', '/surveys', npsSurvey)).json()) as PublishedSurvey;
  expect((await call('POST', `/surveys/${created.id}/status`, { status: 'paused' })).status).toBe(204);
  const res = await call('PUT', `/surveys/${created.id}`, { ...reworded, status: 'active' });
  expect(await res.json()).toMatchObject({ status: 'active', version: 2 });
  expect(await liveSurveyIds()).toEqual([created.id]);
});

it('refuses an edit made on a version someone has replaced since (If-Match), and saves nothing', async () => {
  const created = (await (await call('POST', '/surveys', npsSurvey)).json()) as PublishedSurvey;
  // Another admin saves version 2 while this one still edits version 1.
  expect((await call('PUT', `/surveys/${created.id}`, reworded, { 'if-match': '"1"' })).status).toBe(200);
  const stale = await call('PUT', `/surveys/${created.id}`, { ...npsSurvey, name: 'Mine' }, { 'if-match': '"1"' });
  expect(stale.status).toBe(409);
  const { error } = (await stale.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe('survey_changed');
  expect(error.message).toContain('Someone saved version 2 of this survey after you opened version 1');
  const [listed] = ((await (await call('GET', '/surveys')).json()) as { items: PublishedSurvey[] }).items;
  expect(listed).toMatchObject({ version: 2, name: npsSurvey.name, questions: [{ text: { en: 'Would you recommend the new shop?' } }] });
  // Made on the current version, or sent without If-Match (an API client), an edit is saved.
  expect(await (await call('PUT', `/surveys/${created.id}`, { ...npsSurvey, name: 'Mine' }, { 'if-match': '"2"' })).json()).toMatchObject({ version: 3 });
  expect(await (await call('PUT', `/surveys/${created.id}`, npsSurvey)).json()).toMatchObject({ version: 4 });
  // A header that names no version is a mistake to report, not a reason to skip the check.
  const garbled = await call('PUT', `/surveys/${created.id}`, npsSurvey, { 'if-match': '*' });
  expect(garbled.status).toBe(400);
});
