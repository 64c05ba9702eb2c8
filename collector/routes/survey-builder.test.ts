import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishedSurvey, SurveyVersionItem } from '../../shared/schema/survey.ts';
import { type TestContext, createTestContext, postResponse, signIn, adminRequest } from '../../test/helpers/context.ts';
import { npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';

// What the survey builder adds to the collector: the version history route and the preview page.
let ctx: TestContext;
let auth: { cookie: string; csrf: string };

beforeEach(async () => {
  ctx = await createTestContext();
  auth = await signIn(ctx);
});
afterEach(async () => {
  await ctx.close();
});

const call = (method: string, path: string, body?: unknown) => adminRequest(ctx, auth, method, `/sites/${ctx.site.id}${path}`, body);

describe('GET /admin/api/sites/:siteId/surveys/:surveyId/versions', () => {
  it('lists every version newest first with the wording and the responses each one got', async () => {
    const created = (await (await call('POST', '/surveys', npsSurvey)).json()) as PublishedSurvey;
    expect((await postResponse(ctx, surveyAnswer(created, { nps: 9 }, { clientId: 'client_first1' }))).status).toBe(200);
    expect((await postResponse(ctx, surveyAnswer(created, { nps: 3 }, { clientId: 'client_second' }))).status).toBe(200);
    const edited = { ...npsSurvey, questions: [{ ...npsSurvey.questions[0]!, text: { en: 'Would you recommend the new shop?' } }] };
    expect((await call('PUT', `/surveys/${created.id}`, edited)).status).toBe(200);

    const res = await call('GET', `/surveys/${created.id}/versions`);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: SurveyVersionItem[] };
    expect(items.map((i) => [i.version, i.responses])).toEqual([
      [2, 0],
      [1, 2],
    ]);
    expect(items[0]!.definition.questions[0]!.text.en).toBe('Would you recommend the new shop?');
    expect(items[1]!.definition.questions[0]!.text.en).toBe(npsSurvey.questions[0]!.text.en);
  });

  it('answers 404 survey_not_found for an unknown survey', async () => {
    const res = await call('GET', '/surveys/srv_missing/versions');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'survey_not_found' } });
  });

  it('needs a session', async () => {
    const res = await ctx.app.request(`/admin/api/sites/${ctx.site.id}/surveys/x/versions`);
    expect(res.status).toBe(401);
  });
});

describe('the survey builder saves through the schema', () => {
  it('saves the largest surveys the schema allows: 30 questions of 20 options, in two languages', async () => {
    const text = (n: number) => ({ en: `${'Question '.repeat(55)}${n}`.slice(0, 500), 'zh-CN': `问题${'很长的中文说明'.repeat(70)}`.slice(0, 500) });
    const largest = {
      ...npsSurvey,
      questions: Array.from({ length: 30 }, (_, q) => ({
        id: `q${q}`,
        type: 'single',
        text: text(q),
        options: Array.from({ length: 20 }, (_, o) => ({ id: `o${o}`, label: text(o) })),
      })),
    };
    expect(new TextEncoder().encode(JSON.stringify(largest)).length).toBeGreaterThan(1_000_000);
    const res = await call('POST', '/surveys', largest);
    expect(res.status).toBe(201);
  });

  it('answers a bad draft with 422 and the valibot path of every offending field', async () => {
    const bad = { ...npsSurvey, questions: [{ ...npsSurvey.questions[0]!, text: { en: '' } }] };
    const res = await call('POST', '/surveys', bad);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; issues: Array<{ path: string }> } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.path)).toContain('questions.0.text.en');
  });
});

// These read the built admin view in dist/: `npm test` builds first.
describe('GET /admin/preview.html', () => {
  it('is served with a CSP that lets only this origin frame it and forbids every connection', async () => {
    const res = await ctx.app.request('/admin/preview.html');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.text()).toContain('id="banner"');
  });

  it('leaves the admin page itself unframeable, with no <base> and no form posting elsewhere', async () => {
    const res = await ctx.app.request('/admin/');
    const csp = res.headers.get('content-security-policy');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
  });
});
