import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CompareReport,
  ResponseRateReport,
  SentimentReport,
  SummaryReport,
  ThemesReport,
  TrendReport,
} from '../../shared/schema/reports.ts';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { ORIGIN, type TestContext, createTestContext, postResponse, signIn } from '../../test/helpers/context.ts';
import { npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';
import { openSession } from '../services/auth.ts';
import { randomIds } from '../services/clock-ids.ts';
import { createSurvey } from '../services/surveys.ts';
import { insertAdmin } from '../store/admin-users.ts';
import type { NewResponse } from '../store/database.ts';

const DAY = 86_400_000;
let ctx: TestContext;
let session: { cookie: string };
let seq = 0;
/** The test clock's day (2026-11-23, 09:00 UTC) at midnight. */
let today: number;

beforeEach(async () => {
  ctx = await createTestContext();
  session = await signIn(ctx);
  today = Math.floor(ctx.clock.now() / DAY) * DAY;
});
afterEach(async () => {
  await ctx.close();
});

async function get<T>(path: string, cookie = session.cookie): Promise<{ status: number; body: T }> {
  const res = await ctx.app.request(`/admin/api/sites/${ctx.site.id}/reports/${path}`, { headers: { cookie, origin: ORIGIN } });
  return { status: res.status, body: (await res.json()) as T };
}

/** A stored response row as ingest would write it; override any column. */
async function insert(overrides: Partial<NewResponse>): Promise<string> {
  const id = `rsp_test_${++seq}`;
  await ctx.store.db
    .insertInto('responses')
    .values({
      id,
      site_id: ctx.site.id,
      idempotency_key: `key_${id}`,
      channel: 'widget',
      kind: 'survey',
      device: 'desktop',
      browser: 'chrome',
      os: 'mac',
      received_at: ctx.clock.now(),
      ...overrides,
    })
    .execute();
  return id;
}

const nps = (score: number, extra: Partial<NewResponse> = {}) => insert({ scale: 'nps', score, survey_id: 'srv_nps', ...extra });

/** 5 promoters, 2 passives, 3 detractors: NPS 20, 95% CI −34.03 … 74.03 (worked in services/stats.test.ts). */
async function tenNps(extra: Partial<NewResponse> = {}) {
  for (const score of [9, 10, 10, 9, 9, 7, 8, 0, 6, 3]) await nps(score, extra);
}

describe('summary', () => {
  it('gives NPS, CSAT and CES with their intervals, band counts and inbox links', async () => {
    await tenNps({ received_at: today - 2 * DAY + 1000 });
    for (const score of [5, 5, 4, 4, 4, 5, 4, 5, 2, 3]) await insert({ scale: 'csat', score, survey_id: 'srv_csat' });
    for (const score of [2, 4, 6, 6, 7]) await insert({ scale: 'ces', score, survey_id: 'srv_ces' });
    await insert({ kind: 'feedback', text: 'hello' });

    const { status, body } = await get<SummaryReport>('summary');
    expect(status).toBe(200);
    expect(body.responses).toBe(26);
    const [n, c, e] = body.metrics;
    expect(n).toMatchObject({ metric: 'nps', n: 10, value: 20, enough: true });
    expect(n!.low).toBeCloseTo(-34.03, 2);
    expect(n!.high).toBeCloseTo(74.03, 2);
    expect(n!.bands.map((b) => [b.band, b.n])).toEqual([['low', 3], ['mid', 2], ['high', 5]]);
    expect(n!.bands[0]!.drill).toEqual({ scale: 'nps', band: 'low', from: String(today - 29 * DAY), to: String(today + DAY) });
    expect(c).toMatchObject({ metric: 'csat', n: 10, value: 80 });
    expect(c!.low).toBeCloseTo(49.02, 2);
    expect(e).toMatchObject({ metric: 'ces', n: 5, value: 5, high: 7, enough: false });
    expect(e!.low).toBeCloseTo(2.517, 3);
    expect(body.minResponses).toBe(10);
  });

  it('applies survey, device, channel, attribute, sentiment, band and date filters', async () => {
    await tenNps({ device: 'mobile', attributes: '{"plan":"pro","beta":true}', received_at: today - 3 * DAY });
    await nps(0, { device: 'desktop', attributes: '{"plan":"free"}', channel: 'api', sentiment_label: 'neg' });
    await nps(10, { survey_id: 'srv_other', sentiment_label: 'pos' });
    await nps(10, { spam_score: 0.9 }); // likely spam never counts

    const n = async (query: string) => (await get<SummaryReport>(`summary?${query}`)).body.metrics[0]!.n;
    expect(await n('')).toBe(12);
    expect(await n('survey=srv_nps')).toBe(11);
    expect(await n('device=mobile')).toBe(10);
    expect(await n('channel=api')).toBe(1);
    expect(await n('attr=plan%3Dpro')).toBe(10);
    expect(await n('attr=plan%3Dfree')).toBe(1);
    expect(await n('attr=beta%3Dtrue')).toBe(10);
    expect(await n('sentiment=neg')).toBe(1);
    expect(await n('band=high')).toBe(6);
    expect(await n('scale=nps&band=low')).toBe(4);
    const threeDaysAgo = new Date(today - 3 * DAY).toISOString().slice(0, 10);
    // A day as `to` includes that whole day; milliseconds are an exclusive end.
    expect(await n(`from=${threeDaysAgo}&to=${threeDaysAgo}`)).toBe(10);
    expect(await n(`to=${today - 3 * DAY}`)).toBe(0);
    expect(await n(`from=${today}`)).toBe(2);
  });

  it('counts answers that arrive through the real ingest path', async () => {
    const survey: PublishedSurvey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    for (const [i, score] of [10, 9, 3].entries()) {
      const res = await postResponse(ctx, surveyAnswer(survey, { nps: score }, { clientId: `client_ingest_${i}_abcdef` }));
      expect(res.status).toBe(200);
    }
    const { body } = await get<SummaryReport>(`summary?survey=${survey.id}`);
    expect(body.metrics[0]).toMatchObject({ n: 3, enough: false });
    expect(body.metrics[0]!.value).toBeCloseTo(100 / 3, 10);
  });
});

describe('trend', () => {
  it('buckets by day, week and month with n, the interval and a drill-down per bucket', async () => {
    // 2026-11-23 is a Monday: days −1 and −2 fall in the week before.
    await tenNps({ received_at: today - DAY + 5 });
    await nps(10, { received_at: today - 2 * DAY });
    await nps(0, { received_at: today + 3600_000 });

    const from = today - 6 * DAY;
    const days = (await get<TrendReport>(`trend?metric=nps&granularity=day&from=${from}`)).body;
    expect(days.buckets).toHaveLength(7);
    expect(days.buckets.map((b) => b.n)).toEqual([0, 0, 0, 0, 1, 10, 1]);
    expect(days.buckets[5]).toMatchObject({ start: today - DAY, end: today, value: 20, enough: true });
    expect(days.buckets[5]!.drill).toEqual({ scale: 'nps', from: String(today - DAY), to: String(today) });
    expect(days.buckets[0]).toMatchObject({ n: 0, value: null, low: null, enough: false });

    const weeks = (await get<TrendReport>(`trend?metric=nps&granularity=week&from=${from}`)).body;
    expect(weeks.buckets.map((b) => [b.start, b.n])).toEqual([
      [from, 11],
      [today, 1],
    ]);
    expect(weeks.buckets[0]!.drill.from).toBe(String(from)); // clipped to the period

    const months = (await get<TrendReport>(`trend?metric=nps&granularity=month&from=2026-10-15`)).body;
    expect(months.buckets.map((b) => [new Date(b.start).toISOString().slice(0, 10), b.n])).toEqual([
      ['2026-10-15', 0],
      ['2026-11-01', 12],
    ]);
  });

  it('measures CSAT and CES too, and refuses more than 400 points', async () => {
    await insert({ scale: 'csat', score: 5 });
    await insert({ scale: 'csat', score: 1 });
    const csat = (await get<TrendReport>('trend?metric=csat')).body;
    expect(csat.buckets.at(-1)).toMatchObject({ n: 2, value: 50 });
    const tooMany = await get<{ error: { code: string; field: string } }>('trend?granularity=day&from=2024-01-01');
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({ code: 'validation_failed', field: 'granularity' });
  });
});

describe('response rate', () => {
  it('divides a survey’s responses by its impressions', async () => {
    const survey: PublishedSurvey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    for (let i = 0; i < 8; i++) {
      await ctx.store.db
        .insertInto('events')
        .values({ id: `evt_${i}`, site_id: ctx.site.id, survey_id: survey.id, type: i < 7 ? 'impression' : 'dismissal', idempotency_key: `evt_key_${i}`, client_id: null, user_id: null, page_url: null, reason: null, client_at: null, received_at: today - (i % 3) * DAY })
        .execute();
    }
    await nps(9, { survey_id: survey.id, received_at: today - DAY });
    await nps(3, { survey_id: survey.id });
    const { body } = await get<ResponseRateReport>('response-rate');
    expect(body).toMatchObject({ impressions: 7, responses: 2 });
    expect(body.rate).toBeCloseTo(2 / 7, 10);
    expect(body.surveys).toEqual([
      expect.objectContaining({ surveyId: survey.id, name: 'NPS after checkout', impressions: 7, responses: 2, drill: expect.objectContaining({ survey: survey.id }) }),
    ]);
    const yesterday = (await get<ResponseRateReport>(`response-rate?from=${today - DAY}&to=${today}`)).body;
    expect(yesterday).toMatchObject({ impressions: 2, responses: 1 });
  });
});

describe('sentiment', () => {
  it('splits texts into positive, neutral and negative, with a link per part', async () => {
    for (const label of ['pos', 'pos', 'neg', 'neu', 'neg', 'neg'] as const) await insert({ kind: 'feedback', text: 'x', sentiment_label: label });
    await insert({ kind: 'feedback' });
    const { body } = await get<SentimentReport>('sentiment?device=desktop');
    expect(body.segments.map((s) => [s.label, s.n])).toEqual([['pos', 2], ['neu', 1], ['neg', 3]]);
    expect(body).toMatchObject({ total: 6, withoutText: 1 });
    expect(body.segments[2]!.drill).toMatchObject({ sentiment: 'neg', device: 'desktop' });
  });
});

describe('themes', () => {
  it('finds recurring keywords among the filtered texts and links each to a search', async () => {
    for (let i = 0; i < 4; i++) await insert({ kind: 'feedback', text: 'checkout', keywords: '["checkout","slow"]', device: 'mobile' });
    for (let i = 0; i < 3; i++) await insert({ kind: 'feedback', text: 'login', keywords: '["login","error"]', device: 'desktop' });
    const all = (await get<ThemesReport>('themes')).body;
    expect(all.items.map((t) => [t.keywords[0], t.count])).toEqual([
      ['checkout', 4],
      ['login', 3],
    ]);
    const mobile = (await get<ThemesReport>('themes?device=mobile')).body;
    expect(mobile.items.map((t) => t.keywords[0])).toEqual([]); // one kind of text left: every keyword is in every text
    expect(mobile.corpus).toBe(4);
    expect(all.items[0]!.drill).toMatchObject({ q: 'checkout' });
  });
});

describe('themes trend over a short period', () => {
  // The test clock is 2026-11-23 09:00: this week is Nov 16 09:00 … now, the week before the 7 days before that.
  const crash = (daysAgo: number, extra: Partial<NewResponse> = {}) =>
    insert({ kind: 'feedback', text: 'crash', keywords: '["crash","app"]', received_at: ctx.clock.now() - daysAgo * DAY, ...extra });

  it.each([
    ['7 days', 'from=2026-11-17&to=2026-11-23', [9, 10], 2, 'up'],
    ['7 days, nothing the week before', 'from=2026-11-17&to=2026-11-23', [], 0, 'new'],
    ['10 days', 'from=2026-11-14&to=2026-11-23', [8, 12], 2, 'up'],
    ['30 days (the week before inside the period)', 'from=2026-10-25&to=2026-11-23', [9, 10], 2, 'up'],
  ])('%s: counts last week from before the period', async (_name, period, olderDays, lastWeek, trend) => {
    for (const d of [1, 2, 3]) await crash(d);
    await insert({ kind: 'feedback', text: 'app', keywords: '["app","other"]', received_at: ctx.clock.now() - DAY });
    for (const d of olderDays) await crash(d);
    // Other filters hold for the week before too: neither spam nor another device counts.
    await crash(9, { spam_score: 0.9 });
    await crash(9, { device: 'mobile' });
    const { status, body } = await get<ThemesReport>(`themes?${period}&device=desktop`);
    expect(status).toBe(200);
    const item = body.items.find((t) => t.keywords[0] === 'crash');
    expect(item).toMatchObject({ thisWeek: 3, lastWeek, trend });
  });

  it('keeps the themes and their counts to the period', async () => {
    for (const d of [1, 2, 3]) await crash(d);
    await insert({ kind: 'feedback', text: 'app', keywords: '["app","other"]', received_at: ctx.clock.now() - DAY });
    for (const d of [8, 9]) await insert({ kind: 'feedback', text: 'login', keywords: '["login"]', received_at: ctx.clock.now() - d * DAY });
    const { body } = await get<ThemesReport>('themes?from=2026-11-17&to=2026-11-23');
    expect(body.items.map((t) => [t.keywords[0], t.count, t.lastWeek])).toEqual([['crash', 3, 0]]);
    expect(body.corpus).toBe(4);
  });
});

describe('compare', () => {
  it('puts two devices side by side with the difference and whether the intervals overlap', async () => {
    for (let i = 0; i < 20; i++) await nps(10, { device: 'mobile' });
    for (let i = 0; i < 20; i++) await nps(i < 15 ? 0 : 10, { device: 'desktop' });
    const { body } = await get<CompareReport>('compare?by=device&a=mobile&b=desktop');
    expect(body.a).toMatchObject({ value: 'mobile', responses: 20, drill: expect.objectContaining({ device: 'mobile' }) });
    expect(body.a.metrics[0]).toMatchObject({ metric: 'nps', value: 100, n: 20 });
    expect(body.b.metrics[0]).toMatchObject({ metric: 'nps', value: -50, n: 20 });
    expect(body.differences[0]).toEqual({ metric: 'nps', difference: 150, overlap: false, enough: true });
    expect(body.differences[1]).toEqual({ metric: 'csat', difference: null, overlap: null, enough: false });
  });

  it('compares attribute segments such as plan=pro vs plan=free, also under another attribute filter', async () => {
    for (let i = 0; i < 3; i++) await nps(10, { attributes: '{"plan":"pro","region":"eu"}', received_at: today - 3 * DAY });
    await nps(0, { attributes: '{"plan":"free","region":"eu"}' });
    await nps(0, { attributes: '{"plan":"free","region":"us"}' });
    const plain = (await get<CompareReport>('compare?by=attr&key=plan&a=pro&b=free')).body;
    expect([plain.a.responses, plain.b.responses]).toEqual([3, 2]);
    expect(plain.a.drill.attr).toBe('plan=pro');
    // All 10s and all 0s have no spread: the intervals are points, and they do not overlap.
    expect(plain.differences[0]).toMatchObject({ difference: 200, overlap: false, enough: false });
    const eu = (await get<CompareReport>('compare?by=attr&key=plan&a=pro&b=free&attr=region%3Deu')).body;
    expect([eu.a.responses, eu.b.responses]).toEqual([3, 1]);
  });

  it('compares channels and surveys', async () => {
    await nps(10, { channel: 'api' });
    await nps(0, { channel: 'widget', survey_id: 'srv_b' });
    expect((await get<CompareReport>('compare?by=channel&a=api&b=widget')).body.a.responses).toBe(1);
    expect((await get<CompareReport>('compare?by=survey&a=srv_nps&b=srv_b')).body.b.drill.survey).toBe('srv_b');
  });
});

describe('bad input and roles', () => {
  it('answers 422 naming the field, 404 for an unknown site, 401 without a session', async () => {
    const cases: Array<[string, string]> = [
      ['trend?granularity=hour', 'granularity'],
      ['trend?metric=ces2', 'metric'],
      ['summary?from=yesterday', 'from'],
      ['summary?from=2026-11-20&to=2026-11-01', 'from'],
      ['summary?device=fridge', 'device'],
      ['summary?tag=x', 'tag'],
      ['summary?attr=plan', 'attr'],
      ['summary?attr=pl%22an%3Dx', 'attr'],
      ['summary?attr=%01plan%3Dx', 'attr'],
      ['compare?by=attr&a=pro&b=free', ''],
      ['compare?by=device&a=mobile&b=mobile', ''],
      ['compare?by=os&a=x&b=y', 'by'],
    ];
    for (const [path, field] of cases) {
      const res = await get<{ error: { code: string; field?: string } }>(path);
      expect(res.status, path).toBe(422);
      expect(res.body.error.code, path).toBe('validation_failed');
      if (field) expect(res.body.error.field, path).toBe(field);
    }
    const unknown = await ctx.app.request('/admin/api/sites/nope/reports/summary', { headers: { cookie: session.cookie } });
    expect(unknown.status).toBe(404);
    expect((await get('summary', '')).status).toBe(401);
  });

  it('lets a viewer read every report', async () => {
    const viewer = { id: 'usr_viewer', email: 'v@example.test', password_hash: 'scrypt$unused', role: 'viewer' as const, locked_until: null, created_at: ctx.clock.now() };
    await insertAdmin(ctx.store.db, viewer);
    const { token } = await openSession({ db: ctx.store.db, clock: ctx.clock }, { ...viewer, failed_logins: 0 }, 'test');
    for (const path of ['summary', 'trend', 'response-rate', 'sentiment', 'themes', 'compare?by=device&a=mobile&b=desktop']) {
      expect((await get(path, `fl_session=${token}`)).status, path).toBe(200);
    }
  });
});
