import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../shared/schema/site-config.ts';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { ORIGIN, type TestContext, createTestContext, feedback, patchResponse, postResponse } from '../../test/helpers/context.ts';
import { microSurvey, npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';
import { randomIds } from '../services/clock-ids.ts';
import { createSurvey, updateSurvey } from '../services/surveys.ts';
import { countEvents } from '../store/events.ts';
import { countResponses } from '../store/responses.ts';

let ctx: TestContext;
let nps: PublishedSurvey;
const DAY = 86_400_000;

beforeEach(async () => {
  ctx = await createTestContext();
  nps = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
});
afterEach(async () => {
  await ctx.close();
});

async function stored() {
  return ctx.store.db.selectFrom('responses').selectAll().execute();
}

describe('GET /v1/config', () => {
  it('returns the settings and live surveys with an ETag, and 304 when unchanged', async () => {
    const res = await ctx.app.request(`/v1/config?site=${ctx.site.public_key}`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('cache-control')).toContain('max-age=60');
    const config = (await res.json()) as SiteConfig;
    expect(config.surveys.map((s) => s.id)).toEqual([nps.id]);
    expect(config.settings).toMatchObject({ launcher: true, recontactDays: 3, theme: { accent: '#4f46e5' } });
    const again = await ctx.app.request(`/v1/config?site=${ctx.site.public_key}`, {
      headers: { 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const weak = await ctx.app.request(`/v1/config?site=${ctx.site.public_key}`, { headers: { 'if-none-match': `W/${res.headers.get('etag')!}` } });
    expect(weak.status).toBe(304);
  });

  it('gives no CORS header to an origin the site does not allow', async () => {
    const res = await ctx.app.request(`/v1/config?site=${ctx.site.public_key}`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('survey responses', () => {
  it('stores the score at once and joins the follow-up text to the same response', async () => {
    const first = surveyAnswer(nps, { nps: 3 });
    const ack = (await (await postResponse(ctx, first)).json()) as { id: string };
    const follow = await patchResponse(ctx, first.idempotencyKey, { clientId: 'client_abcdefgh', answers: { nps_why: 'Checkout broke twice' }, finished: true });
    expect(follow.status).toBe(200);
    expect(((await follow.json()) as { id: string }).id).toBe(ack.id);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 3, scale: 'nps', text: 'Checkout broke twice', finished: 1, survey_version: 1 });
    expect(JSON.parse(rows[0]!.answers!)).toEqual({ nps: 3, nps_why: 'Checkout broke twice' });
  });

  it('refuses a follow-up from another client', async () => {
    const first = surveyAnswer(nps, { nps: 9 });
    await postResponse(ctx, first);
    const res = await patchResponse(ctx, first.idempotencyKey, { clientId: 'someone_else', answers: { nps_why: 'x' }, finished: true });
    expect(res.status).toBe(404);
    expect(((await stored())[0]!.text)).toBeNull();
  });

  it.each([
    ['a score outside the scale', { nps: 11 }, 'answers.nps'],
    ['a fractional score', { nps: 7.5 }, 'answers.nps'],
    ['an unknown question', { nope: 1 }, 'answers.nope'],
  ])('rejects %s with 422 naming the answer', async (_name, answers, field) => {
    const res = await postResponse(ctx, surveyAnswer(nps, answers));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    expect(await countResponses(ctx.store.db)).toBe(0);
  });

  it('rejects an empty "finished" response', async () => {
    const res = await postResponse(ctx, surveyAnswer(nps, {}, { finished: true }));
    expect(res.status).toBe(422);
  });

  it('checks required questions only on the path skip logic walks', async () => {
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, microSurvey);
    // "other" jumps to the end, so the required "ease" is not needed.
    expect((await postResponse(ctx, surveyAnswer(survey, { role: 'other' }, { finished: true, clientId: 'client_one_11' }))).status).toBe(200);
    // "dev" walks on to "ease", which is required.
    const res = await postResponse(ctx, surveyAnswer(survey, { role: 'dev' }, { finished: true, clientId: 'client_two_22' }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('answers.ease');
    const ok = await postResponse(ctx, surveyAnswer(survey, { role: 'dev', tools: ['a', 'b'], ease: 6 }, { finished: true, clientId: 'client_two_22' }));
    expect(ok.status).toBe(200);
  });

  it('updates, not duplicates, when the same person answers again inside the recontact window', async () => {
    await postResponse(ctx, surveyAnswer(nps, { nps: 2 }));
    ctx.clock.advance(DAY);
    await postResponse(ctx, surveyAnswer(nps, { nps: 8 }));
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.score).toBe(8);
  });

  it('takes follow-ups under the key of the second answer, from the browser that sent it', async () => {
    const first = surveyAnswer(nps, { nps: 3 });
    const firstAck = (await (await postResponse(ctx, first)).json()) as { id: string };
    ctx.clock.advance(DAY);
    const second = surveyAnswer(nps, { nps: 9 });
    expect(((await (await postResponse(ctx, second)).json()) as { id: string }).id).toBe(firstAck.id);
    const follow = await patchResponse(ctx, second.idempotencyKey, { clientId: second.clientId, answers: { nps_why: 'Love the new UI' }, finished: true });
    expect(follow.status).toBe(200);
    expect(await stored()).toMatchObject([{ score: 9, text: 'Love the new UI', finished: 1 }]);
    const stranger = await patchResponse(ctx, second.idempotencyKey, { clientId: 'someone_else', answers: { nps_why: 'x' }, finished: true });
    expect(stranger.status).toBe(404);
  });

  it('replays a retried second answer instead of applying it again over newer answers', async () => {
    await postResponse(ctx, surveyAnswer(nps, { nps: 3 }));
    const second = surveyAnswer(nps, { nps: 9 });
    const secondAck = await (await postResponse(ctx, second)).json();
    await postResponse(ctx, surveyAnswer(nps, { nps: 0 }, { finished: true }));
    const retry = await postResponse(ctx, second);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(secondAck);
    expect(await stored()).toMatchObject([{ score: 0, finished: 1 }]);
  });

  it('answers a second answer\'s key resent with another body with that answer, storing nothing new', async () => {
    const firstAck = await (await postResponse(ctx, surveyAnswer(nps, { nps: 3 }))).json();
    const second = surveyAnswer(nps, { nps: 9 });
    expect(await (await postResponse(ctx, second)).json()).toEqual(firstAck);
    const resent = await postResponse(ctx, feedback({ idempotencyKey: second.idempotencyKey, clientId: second.clientId }));
    expect(resent.status).toBe(200);
    expect(await resent.json()).toEqual(firstAck);
    expect(await stored()).toMatchObject([{ score: 9, kind: 'survey' }]);
    // The key still reaches the survey response for its follow-up.
    const follow = await patchResponse(ctx, second.idempotencyKey, { clientId: second.clientId, answers: { nps_why: 'Much faster now' }, finished: true });
    expect(follow.status).toBe(200);
  });

  it('keeps the first browser\'s text when the same user answers again from another browser', async () => {
    const first = surveyAnswer(nps, { nps: 2, nps_why: 'Support never answered my refund request' }, { userId: 'user_42', clientId: 'client_laptop_1' });
    await postResponse(ctx, first);
    const second = surveyAnswer(nps, { nps: 10 }, { userId: 'user_42', clientId: 'client_phone_22' });
    expect((await postResponse(ctx, second)).status).toBe(200);
    const [row] = await stored();
    expect(JSON.parse(row!.answers!)).toEqual({ nps: 10, nps_why: 'Support never answered my refund request' });
    expect(row).toMatchObject({ score: 10, text: 'Support never answered my refund request' });
    // The phone adds its own follow-up under its key; the laptop's key stays the laptop's.
    const phone = await patchResponse(ctx, second.idempotencyKey, { clientId: 'client_phone_22', answers: { nps_why: 'Fixed now, thanks' }, finished: true });
    expect(phone.status).toBe(200);
    expect((await stored())[0]!.text).toBe('Fixed now, thanks');
    expect((await patchResponse(ctx, first.idempotencyKey, { clientId: 'client_phone_22', answers: { nps_why: 'x' }, finished: true })).status).toBe(404);
  });

  it('judges a second answer\'s speed by the text it brings, not by text an earlier answer wrote', async () => {
    const longWhy = 'The export kept timing out on large projects, so we moved our reports elsewhere.';
    await postResponse(ctx, surveyAnswer(nps, { nps: 2, nps_why: longWhy }, { shownAt: ctx.clock.now() - 60_000 }));
    ctx.clock.advance(DAY);
    // A new score clicked 2 s after the prompt showed: quick, but no typing to be too fast for.
    expect((await postResponse(ctx, surveyAnswer(nps, { nps: 9 }, { shownAt: ctx.clock.now() - 2_000 }))).status).toBe(200);
    expect(await stored()).toMatchObject([{ score: 9, text: longWhy, spam_reasons: '[]' }]);
    // Text typed faster than anyone can still counts.
    ctx.clock.advance(DAY);
    await postResponse(ctx, surveyAnswer(nps, { nps: 9, nps_why: longWhy.replace('export', 'import') }, { shownAt: ctx.clock.now() - 2_000 }));
    expect((await stored())[0]!.spam_reasons).toBe('["too_fast"]');
  });

  it('takes a finished second answer that repeats only what it changes, the rest answered before', async () => {
    const micro = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, microSurvey);
    await postResponse(ctx, surveyAnswer(micro, { role: 'dev', ease: 3 }, { finished: true }));
    ctx.clock.advance(DAY);
    const changed = await postResponse(ctx, surveyAnswer(micro, { ease: 6 }, { finished: true }));
    expect(changed.status).toBe(200);
    expect(JSON.parse((await stored())[0]!.answers!)).toEqual({ role: 'dev', ease: 6 });
    // A first answer that says it is finished must still answer what is required.
    const missing = await postResponse(ctx, surveyAnswer(micro, { ease: 6 }, { finished: true, clientId: 'client_new_1' }));
    expect(missing.status).toBe(422);
  });

  it('judges links on the whole text, so links split over two answers still count', async () => {
    const twoTexts = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, {
      ...microSurvey,
      name: 'Two texts',
      questions: [
        { id: 'liked', type: 'text', text: { en: 'What did you like?' } },
        { id: 'missed', type: 'text', text: { en: 'What was missing?' } },
      ],
    });
    await postResponse(ctx, surveyAnswer(twoTexts, { liked: 'Great prices at pills.com and meds.net, thanks a lot for the fast shipping' }));
    expect((await stored())[0]!.spam_reasons).toBe('[]');
    ctx.clock.advance(DAY);
    await postResponse(ctx, surveyAnswer(twoTexts, { missed: 'Also try drugs.ru for the rest of your pharmacy needs' }));
    expect((await stored())[0]!.spam_reasons).toBe('["links"]');
  });

  it('keeps two users of one browser apart, but joins a user to their own anonymous answer', async () => {
    await postResponse(ctx, surveyAnswer(nps, { nps: 3 }, { userId: 'user_alice', clientId: 'client_shared_pc' }));
    await postResponse(ctx, surveyAnswer(nps, { nps: 9 }, { userId: 'user_bob', clientId: 'client_shared_pc' }));
    expect((await stored()).map((r) => [r.user_id, r.score]).sort()).toEqual([
      ['user_alice', 3],
      ['user_bob', 9],
    ]);
    await postResponse(ctx, surveyAnswer(nps, { nps: 5 }, { clientId: 'client_laptop_9' }));
    await postResponse(ctx, surveyAnswer(nps, { nps: 6 }, { userId: 'user_carol', clientId: 'client_laptop_9' }));
    expect((await stored()).filter((r) => r.client_id === 'client_laptop_9').map((r) => [r.user_id, r.score])).toEqual([['user_carol', 6]]);
  });

  it('refuses a second answer to a survey closed since the first, but not to one merely full', async () => {
    await postResponse(ctx, surveyAnswer(nps, { nps: 2 }));
    await ctx.store.db.updateTable('surveys').set({ status: 'archived' }).execute();
    const closed = await postResponse(ctx, surveyAnswer(nps, { nps: 5 }));
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: { code: string } }).error.code).toBe('survey_closed');
    expect((await stored())[0]!.score).toBe(2);

    const capped = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, {
      ...npsSurvey,
      caps: { ...npsSurvey.caps, maxResponses: 1 },
    });
    await postResponse(ctx, surveyAnswer(capped, { nps: 4 }, { clientId: 'client_capped_1' }));
    expect((await postResponse(ctx, surveyAnswer(capped, { nps: 6 }, { clientId: 'client_capped_1' }))).status).toBe(200);
    expect((await postResponse(ctx, surveyAnswer(capped, { nps: 6 }, { clientId: 'client_capped_2' }))).status).toBe(409);
  });

  it('refuses and records an answer to a paused survey', async () => {
    await ctx.store.db.updateTable('surveys').set({ status: 'paused' }).execute();
    const res = await postResponse(ctx, surveyAnswer(nps, { nps: 5 }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('survey_closed');
    expect(await countEvents(ctx.store.db, { surveyId: nps.id, type: 'rejected' })).toBe(1);
  });

  it('refuses a second survey inside the site-wide recontact wait', async () => {
    const other = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, microSurvey);
    await postResponse(ctx, surveyAnswer(nps, { nps: 10 }));
    ctx.clock.advance(DAY);
    const res = await postResponse(ctx, surveyAnswer(other, { role: 'pm' }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('recontact_too_soon');
    ctx.clock.advance(3 * DAY);
    expect((await postResponse(ctx, surveyAnswer(other, { role: 'pm' }))).status).toBe(200);
  });

  it('keeps one response when a person\'s first answers arrive at once', async () => {
    const answers = [2, 8, 5, 9, 0].map((score) => surveyAnswer(nps, { nps: score }));
    const acks = await Promise.all(answers.map(async (a) => (await postResponse(ctx, a)).json() as Promise<{ id: string }>));
    expect(new Set(acks.map((a) => a.id)).size).toBe(1);
    expect(await stored()).toHaveLength(1);
    // Each one's key reaches that one response.
    for (const a of answers) expect((await patchResponse(ctx, a.idempotencyKey, { clientId: a.clientId, answers: {}, finished: false })).status).toBe(200);
  });

  it('takes a partial second answer to a new version that asks a new required question', async () => {
    await postResponse(ctx, surveyAnswer(nps, { nps: 9 }, { finished: true }));
    const edited = await updateSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, nps.id, {
      ...npsSurvey,
      questions: [...npsSurvey.questions, { id: 'company', type: 'text', required: true, maxLength: 200, text: { en: 'Your company?' } }],
    });
    const res = await postResponse(ctx, surveyAnswer(edited, { nps: 4 }));
    expect(res.status).toBe(200);
    expect(await stored()).toMatchObject([{ score: 4, survey_version: 2 }]);
    // Saying it is complete without the new required answer is still refused.
    const done = await postResponse(ctx, surveyAnswer(edited, { nps: 5 }, { finished: true }));
    expect(done.status).toBe(422);
  });

  it('keeps the answers of a newer version when a page loaded before the edit answers again', async () => {
    const edited = await updateSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, nps.id, {
      ...npsSurvey,
      questions: [...npsSurvey.questions, { id: 'company', type: 'text', maxLength: 200, text: { en: 'Your company?' } }],
    });
    await postResponse(ctx, surveyAnswer(edited, { nps: 4, company: 'Acme Corp' }));
    // The same person, from a tab still holding version 1.
    expect((await postResponse(ctx, surveyAnswer(nps, { nps: 9 }))).status).toBe(200);
    const [row] = await stored();
    expect(row).toMatchObject({ score: 9, survey_version: 2, text: 'Acme Corp' });
    expect(JSON.parse(row!.answers!)).toEqual({ nps: 9, company: 'Acme Corp' });
  });

  it('drops an earlier rating whose question now asks on another scale instead of reading it on the new one', async () => {
    const ces = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, microSurvey);
    await postResponse(ctx, surveyAnswer(ces, { role: 'dev', ease: 5 }, { clientId: 'client_scale_1' }));
    const csat = await updateSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, ces.id, {
      ...microSurvey,
      questions: microSurvey.questions.map((q) => (q.id === 'ease' && q.type === 'rating' ? { ...q, scale: 'csat' as const } : q)),
    });
    expect((await postResponse(ctx, surveyAnswer(csat, { role: 'pm' }, { clientId: 'client_scale_1' }))).status).toBe(200);
    const row = (await stored()).find((r) => r.client_id === 'client_scale_1')!;
    // "5 of 7, fairly easy" is not "5 of 5, very satisfied".
    expect(JSON.parse(row.answers!)).toEqual({ role: 'pm' });
    expect(row).toMatchObject({ survey_version: 2, score: null, scale: null });
  });

  it('keeps old answers readable after the survey is edited', async () => {
    await postResponse(ctx, surveyAnswer(nps, { nps: 9 }));
    const edited = await updateSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, nps.id, {
      ...npsSurvey,
      questions: [{ id: 'csat', type: 'rating', scale: 'csat', text: { en: 'How satisfied are you?' } }],
    });
    expect(edited.version).toBe(2);
    const row = (await stored())[0]!;
    const old = await ctx.store.db
      .selectFrom('survey_versions')
      .select('definition')
      .where('survey_id', '=', nps.id)
      .where('version', '=', row.survey_version!)
      .executeTakeFirstOrThrow();
    expect(old.definition).toContain('How likely are you to recommend us');
  });
});

describe('batches and events', () => {
  it('stores the good items of a batch and reports the bad one by index', async () => {
    const res = await postResponse(ctx, {
      batch: [surveyAnswer(nps, { nps: 9 }, { clientId: 'client_aaa_1' }), surveyAnswer(nps, { nps: 99 }, { clientId: 'client_bbb_2' }), { kind: 'nope' }],
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Array<{ index: number; id?: string; error?: { code: string } }> };
    expect(results[0]!.id).toBeTruthy();
    expect(results[1]!.error?.code).toBe('validation_failed');
    expect(results[2]!.error?.code).toBe('validation_failed');
    expect(await countResponses(ctx.store.db)).toBe(1);
  });

  it('refuses a batch of more than 50', async () => {
    const res = await postResponse(ctx, { batch: Array.from({ length: 51 }, () => surveyAnswer(nps, { nps: 1 })) });
    expect(res.status).toBe(422);
  });

  it('records impressions, dismissals and completions once each', async () => {
    const event = (type: string, key: string) => ({ type, idempotencyKey: key, clientId: 'client_abcdefgh', surveyId: nps.id });
    const send = (body: unknown) =>
      ctx.app.request(`/v1/events?site=${ctx.site.public_key}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: ORIGIN },
        body: JSON.stringify(body),
      });
    expect((await send(event('impression', 'impression_key_1'))).status).toBe(200);
    await send({ events: [event('impression', 'impression_key_1'), event('dismissal', 'dismissal_key_01'), event('completion', 'completion_key_1')] });
    expect(await countEvents(ctx.store.db, { surveyId: nps.id, type: 'impression' })).toBe(1);
    expect(await countEvents(ctx.store.db, { surveyId: nps.id, type: 'dismissal' })).toBe(1);
    expect(await countEvents(ctx.store.db, { surveyId: nps.id, type: 'completion' })).toBe(1);
    // A survey the site does not have: refused by index, the good item kept.
    const mixed = await send({ events: [event('impression', 'impression_key_2'), { ...event('impression', 'impression_key_3'), surveyId: 'srv_made_up_000001' }] });
    expect(mixed.status).toBe(200);
    const { results } = (await mixed.json()) as { results: Array<{ index: number; error?: { code: string } }> };
    expect(results.map((r) => r.error?.code)).toEqual([undefined, 'survey_not_found']);
    expect(await countEvents(ctx.store.db, { surveyId: nps.id, type: 'impression' })).toBe(2);
    expect(await ctx.store.db.selectFrom('events').select('id').where('survey_id', '=', 'srv_made_up_000001').execute()).toEqual([]);
  });

  it('records a refused answer even when a widget event already used the key with the old prefix', async () => {
    const answer = surveyAnswer(nps, { nps: 5 });
    const event = { type: 'impression', idempotencyKey: `rej_${answer.idempotencyKey}`.slice(0, 64), clientId: 'client_abcdefgh', surveyId: nps.id };
    await ctx.app.request(`/v1/events?site=${ctx.site.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: JSON.stringify(event),
    });
    await ctx.store.db.updateTable('surveys').set({ status: 'paused' }).execute();
    expect((await postResponse(ctx, answer)).status).toBe(409);
    expect(await countEvents(ctx.store.db, { surveyId: nps.id, type: 'rejected' })).toBe(1);
  });
});
