import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { type TestContext, adminRequest, createTestContext, signIn } from '../../test/helpers/context.ts';
import { npsSurvey } from '../../test/helpers/surveys.ts';

let ctx: TestContext;
let call: (method: string, path: string, body?: unknown) => ReturnType<typeof adminRequest>;

beforeEach(async () => {
  ctx = await createTestContext();
  const auth = await signIn(ctx);
  call = (method, path, body) => adminRequest(ctx, auth, method, `/sites/${ctx.site.id}${path}`, body);
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
