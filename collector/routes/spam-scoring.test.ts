import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseList } from '../../shared/schema/admin-api.ts';
import type { InboxPage } from '../../shared/schema/inbox.ts';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { type TestContext, adminRequest, createTestContext, feedback, patchResponse, postResponse, signIn } from '../../test/helpers/context.ts';
import { npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';
import { randomIds } from '../services/clock-ids.ts';
import { createSurvey } from '../services/surveys.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

let n = 0;
const unique = (text: string) => `${text} (#${++n} ${'abcdefghij'[n % 10]})`;
const client = (i: number) => `client_spam_${String(i).padStart(4, '0')}`;

async function stored(body: Record<string, unknown>, opts: { ip?: string } = {}) {
  const res = await postResponse(ctx, body, opts);
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  const row = await ctx.store.db.selectFrom('responses').select(['spam_score', 'spam_reasons']).where('id', '=', id).executeTakeFirstOrThrow();
  return { score: row.spam_score, reasons: JSON.parse(row.spam_reasons) as string[] };
}

describe('spam scoring: flagged, never dropped', () => {
  it('scores an ordinary response 0 with no reasons', async () => {
    expect(await stored(feedback({ shownAt: ctx.clock.now() - 60_000 }))).toEqual({ score: 0, reasons: [] });
  });

  it('keeps a submission that filled the honeypot, flagged as spam', async () => {
    expect(await stored(feedback({ hp: 'http://bot.example' }))).toEqual({ score: 0.95, reasons: ['honeypot'] });
  });

  it('flags text sent sooner after the form was shown than anyone could type it', async () => {
    const text = 'The checkout page shows an error after I enter my card number and press pay';
    expect((await stored(feedback({ text, clientId: client(1), shownAt: ctx.clock.now() - 1_000 }))).reasons).toEqual(['too_fast']);
    expect((await stored(feedback({ text: unique(text), clientId: client(2), shownAt: ctx.clock.now() - 60_000 }))).reasons).toEqual([]);
    // The browser's clock is ahead of ours: no judgement.
    expect((await stored(feedback({ text: unique(text), clientId: client(3), shownAt: ctx.clock.now() + 120_000 }))).reasons).toEqual([]);
  });

  it('flags link stuffing', async () => {
    const text = 'best deals https://a.example https://b.example https://c.example';
    expect(await stored(feedback({ text }))).toEqual({ score: 0.6, reasons: ['links'] });
  });

  it('flags a sender repeating a near-duplicate, by browser or by address, but not two people sending the same', async () => {
    const text = 'Your prices are a scam and I want my money back right now';
    expect((await stored(feedback({ text, clientId: client(10) }), { ip: '198.51.100.1' })).reasons).toEqual([]);
    // Someone else, elsewhere: a copy, clustered, but not spam.
    expect((await stored(feedback({ text, clientId: client(11) }), { ip: '198.51.100.2' })).reasons).toEqual([]);
    // The first browser again, from a new address.
    expect((await stored(feedback({ text: `${text}!!`, clientId: client(10) }), { ip: '198.51.100.3' })).reasons).toEqual(['repeated_text']);
    // A fresh browser id from the first address: the same sender rotating ids.
    expect((await stored(feedback({ text, clientId: client(12) }), { ip: '198.51.100.1' })).reasons).toEqual(['repeated_text']);
  });

  it('flags bursts from one browser and from one address', async () => {
    const browser = [];
    for (let i = 0; i < 6; i++) browser.push((await stored(feedback({ text: unique('Search is slow'), clientId: client(20) }))).reasons);
    expect(browser.slice(0, 5)).toEqual([[], [], [], [], []]);
    expect(browser[5]).toEqual(['burst_client']);

    const address = [];
    for (let i = 0; i < 21; i++) {
      address.push((await stored(feedback({ text: unique('Search is slow'), clientId: client(100 + i) }), { ip: '203.0.113.9' })).reasons);
    }
    expect(address.slice(0, 20).every((r) => r.length === 0)).toBe(true);
    expect(address[20]).toEqual(['burst_ip']);
  });

  it('counts neither retries nor refused requests towards a burst', async () => {
    const body = feedback({ text: unique('Search is slow'), clientId: client(30) });
    await stored(body, { ip: '203.0.113.30' });
    // The widget resending what it already sent, five times: one submission.
    for (let i = 0; i < 5; i++) expect((await postResponse(ctx, { ...body }, { ip: '203.0.113.30' })).status).toBe(200);
    // Six answers the server refuses (a survey that does not exist).
    for (let i = 0; i < 6; i++) {
      const answer = surveyAnswer({ id: 'srv_missing_survey_0001', version: 1 } as PublishedSurvey, { nps: 3 }, { clientId: client(30) });
      const refused = await postResponse(ctx, answer, { ip: '203.0.113.30' });
      expect(refused.status).toBe(404);
    }
    expect((await stored(feedback({ text: unique('Search is slow'), clientId: client(30) }), { ip: '203.0.113.30' })).reasons).toEqual([]);
  });

  it('scores a retried submission once: the retry changes nothing', async () => {
    const body = feedback({ hp: 'x' });
    await stored(body);
    ctx.clock.advance(1000);
    const again = await postResponse(ctx, { ...body });
    expect(again.status).toBe(200);
    const rows = await ctx.store.db.selectFrom('responses').select(['spam_reasons']).execute();
    expect(rows).toEqual([{ spam_reasons: '["honeypot"]' }]);
  });

  it('flags links stuffed into Chinese text without spaces, and the admin list files it under spam', async () => {
    const text = '便宜货看这里https://a.example买买https://b.example优惠https://c.example快来';
    expect(await stored(feedback({ text }))).toEqual({ score: 0.6, reasons: ['links'] });
    const session = await signIn(ctx);
    const inbox = async (query: string) =>
      ((await (await adminRequest(ctx, session, 'GET', `/sites/${ctx.site.id}/inbox${query}`)).json()) as InboxPage).items.map((i) => i.text);
    expect(await inbox('')).toEqual([]);
    expect(await inbox('?spam=only')).toEqual([text]);
  });

  it('scores a follow-up that adds disguised links again', async () => {
    const nps = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const answer = surveyAnswer(nps, { nps: 10 });
    expect((await postResponse(ctx, answer)).status).toBe(200);
    const why = 'great deals at pills[.]com, meds[.]net and cheap-watches[.]ru';
    const follow = await patchResponse(ctx, answer.idempotencyKey, { clientId: answer.clientId, answers: { nps_why: why }, finished: true });
    expect(follow.status).toBe(200);
    const row = await ctx.store.db.selectFrom('responses').select(['text', 'spam_score', 'spam_reasons']).executeTakeFirstOrThrow();
    expect(row).toEqual({ text: why, spam_score: 0.6, spam_reasons: '["links"]' });
  });

  it('shows the score and reasons in the admin list', async () => {
    await stored(feedback({ hp: 'filled', text: 'buy now https://a.example https://b.example https://c.example' }));
    const { cookie } = await signIn(ctx);
    const list = (await (await ctx.app.request('/admin/api/responses', { headers: { cookie } })).json()) as ResponseList;
    expect(list.items[0]).toMatchObject({ spamScore: 0.98, spamReasons: ['honeypot', 'links'] });
  });
});
