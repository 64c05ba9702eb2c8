import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseItem, ResponseList, TagReapplyStatus, TagRuleCreated, TagRuleItem, TagRuleList, ThemeItem } from '../../shared/schema/admin-api.ts';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { type TestContext, createTestContext, feedback, patchResponse, postResponse, signIn, adminRequest } from '../../test/helpers/context.ts';
import { npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';
import { createApp } from '../app.ts';
import { randomIds } from '../services/clock-ids.ts';
import { type TextAnalyzer, inProcessAnalyzer } from '../services/analysis/text-analyzer.ts';
import { setIngestAnalysis } from '../services/response-analysis.ts';
import { createSurvey } from '../services/surveys.ts';

let ctx: TestContext;
let session: { cookie: string; csrf: string };
const DAY = 86_400_000;

beforeEach(async () => {
  ctx = await createTestContext();
  session = await signIn(ctx);
});
afterEach(async () => {
  await ctx.close();
});

const admin = (path: string, method = 'GET', body?: unknown) => adminRequest(ctx, session, method, path, body);

async function items(): Promise<ResponseItem[]> {
  const res = await admin('/responses');
  expect(res.status).toBe(200);
  return ((await res.json()) as ResponseList).items;
}

/** Waits for the background re-application of the site's tag rules; answers its last status. */
async function settled(): Promise<TagReapplyStatus> {
  for (;;) {
    const status = (await (await admin(`/sites/${ctx.site.id}/tag-rules/reapply`)).json()) as TagReapplyStatus;
    if (status.state === 'idle') return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function send(text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await postResponse(ctx, feedback({ text, ...extra }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

/** How many stored responses carry `tag`, read from the store. */
async function taggedCount(tag: string): Promise<number> {
  const row = await ctx.store.db.selectFrom('response_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tag', '=', tag).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Many responses from one test client: a minute passes every 25, within its rate limits. */
async function sendPaced(i: number, text: string): Promise<string> {
  if (i % 25 === 24) ctx.clock.advance(61_000);
  return send(text);
}

describe('analysis at ingest', () => {
  it('stores sentiment, language, keywords and priority on a feedback response', async () => {
    const id = await send('The checkout is broken and I want a refund, terrible service', {
      attributes: { plan: 'enterprise' },
    });
    const item = (await items()).find((i) => i.id === id)!;
    expect(item.sentimentLabel).toBe('neg');
    expect(item.sentiment).toBeLessThan(-0.1);
    expect(item.language).toBe('en');
    expect(item.keywords).toContain('checkout');
    const codes = item.priorityReasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['negative_text', 'urgent:broken', 'urgent:refund', 'plan', 'recent']));
    expect(item.priority).toBe(Math.min(100, item.priorityReasons.reduce((s, r) => s + r.points, 0)));
  });

  it('stores the response unanalysed when analysis is switched off (ANALYSIS=off)', async () => {
    setIngestAnalysis(false);
    try {
      const id = await send('I want a refund, this is broken');
      expect((await items()).find((i) => i.id === id)).toMatchObject({ sentiment: null, keywords: [], priority: 0, priorityReasons: [] });
    } finally {
      setIngestAnalysis(true);
    }
  });

  it('keeps a happy text positive and low in priority', async () => {
    const id = await send('我非常喜欢这个应用，太好用了');
    const item = (await items()).find((i) => i.id === id)!;
    expect(item.sentimentLabel).toBe('pos');
    expect(item.language).toBe('zh');
    expect(item.priority).toBeLessThan(10);
  });

  it('re-analyses a survey response when a follow-up adds text', async () => {
    const nps: PublishedSurvey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const first = surveyAnswer(nps, { nps: 2 }, { idempotencyKey: 'survey_key_analysis_1', locale: 'zh-CN' });
    expect((await postResponse(ctx, first)).status).toBe(200);
    let [item] = await items();
    expect(item).toMatchObject({ sentiment: null, keywords: [] });
    expect(item!.priorityReasons.map((r) => r.code)).toEqual(['low_rating', 'recent']);

    const follow = await patchResponse(ctx, first.idempotencyKey, {
      clientId: first.clientId,
      answers: { nps_why: '付款一直失败，我要退款，太差了' },
      finished: true,
    });
    expect(follow.status).toBe(200);
    [item] = await items();
    expect(item!.sentimentLabel).toBe('neg');
    expect(item!.language).toBe('zh');
    expect(item!.priorityReasons.map((r) => r.code)).toEqual(expect.arrayContaining(['low_rating', 'negative_text', 'urgent:退款']));
  });
});

describe('a text whose analysis never came', () => {
  it('is stored without sentiment, with its priority, and not analysed on the event loop instead', async () => {
    // What the analysis thread's watchdog hands back for a text it stalled on (text-analyzer.ts).
    const stalled = { prepare: async () => ({ analysis: undefined, print: undefined }), threaded: true, close: async () => undefined };
    // The catch-up tries such a text again later on a thread of its own, which has its own watchdog
    // (services/analysis-catch-up.test.ts); here it stays out of the way.
    const later = { run: () => new Promise<never>(() => undefined), close: async () => undefined };
    const app = createApp({ store: ctx.store, clock: ctx.clock, ids: randomIds, config: ctx.config, assets: ctx.assets, analyzer: stalled, backlog: later });
    const res = await postResponse({ ...ctx, app }, feedback({ text: 'I want a refund, the app is broken and support never answers' }));
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const item = (await items()).find((i) => i.id === id)!;
    expect(item).toMatchObject({ sentiment: null, sentimentLabel: null, keywords: [] });
    expect(item.priorityReasons.map((r) => r.code)).toContain('urgent:refund');
  });
});

describe('tags', () => {
  it('applies a new rule to old responses and new ones, and takes its tags away when deleted', async () => {
    const old = await send('Checkout page keeps spinning');
    const other = await send('Love the new dashboard colours');
    const created = await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'check out', tag: 'checkout' });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as TagRuleItem;
    ctx.clock.advance(1000);
    await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: '结账', tag: 'checkout' });
    const fresh = await send('结账的时候页面卡住了');
    await settled();

    const tagsOf = async (id: string) => (await items()).find((i) => i.id === id)!.tags;
    expect(await tagsOf(old)).toEqual([]); // "Checkout" is one word; the rule says "check out"
    expect(await tagsOf(fresh)).toEqual([{ tag: 'checkout', source: 'auto' }]);

    ctx.clock.advance(1000);
    const word = (await (await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'Checkout', tag: 'checkout' })).json()) as TagRuleItem;
    expect(await settled()).toMatchObject({ state: 'idle', done: 3, total: 3, changed: 1 });
    expect(await tagsOf(old)).toEqual([{ tag: 'checkout', source: 'auto' }]);
    expect(await tagsOf(other)).toEqual([]);

    const list = (await (await admin(`/sites/${ctx.site.id}/tag-rules`)).json()) as TagRuleList;
    expect(list.items.map((r) => r.pattern)).toEqual(['check out', '结账', 'Checkout']);
    expect(list.reapply).toMatchObject({ state: 'idle', changed: 1 });

    expect((await admin(`/sites/${ctx.site.id}/tag-rules/${word.id}`, 'DELETE')).status).toBe(204);
    await settled();
    expect(await tagsOf(old)).toEqual([]);
    expect(await tagsOf(fresh)).toEqual([{ tag: 'checkout', source: 'auto' }]);
    expect((await admin(`/sites/${ctx.site.id}/tag-rules/${rule.id}`, 'DELETE')).status).toBe(204);
    expect((await admin(`/sites/${ctx.site.id}/tag-rules/${rule.id}`, 'DELETE')).status).toBe(404);
    await settled();
  });

  it('re-tags a large site in the background, batch by batch, with its progress to read', async () => {
    for (let i = 0; i < 1203; i++) await sendPaced(i, i % 3 === 0 ? `refund request number ${i}` : `great product ${i}`);
    const created = await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'refund', tag: 'billing' });
    expect(created.status).toBe(201);
    // The answer comes before the work: the run has only just started.
    const started = ((await created.json()) as TagRuleCreated).reapply;
    expect(started).toMatchObject({ state: 'running', done: 0, finishedAt: null });

    const seen: number[] = [];
    for (;;) {
      const status = (await (await admin(`/sites/${ctx.site.id}/tag-rules/reapply`)).json()) as TagReapplyStatus;
      seen.push(status.done);
      if (status.state === 'idle') break;
      if (status.total > 0) expect(status.total).toBe(1203);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await settled()).toMatchObject({ state: 'idle', done: 1203, total: 1203, changed: 401 });
    // Progress moved in steps (one per batch), never backwards, and was seen part-way.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((done) => done > 0 && done < 1203)).toBe(true);
    expect(await taggedCount('billing')).toBe(401);
  }, 60_000);

  it('starts over when the rules change during a run, so the last rules win everywhere', async () => {
    for (let i = 0; i < 1100; i++) await sendPaced(i, i % 2 === 0 ? `refund now ${i}` : `invoice wrong ${i}`);
    await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'refund', tag: 'billing' });
    // Before the first run is through, a second rule arrives.
    await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'invoice', tag: 'billing' });
    expect(await settled()).toMatchObject({ state: 'idle', done: 1100, total: 1100 });
    expect(await taggedCount('billing')).toBe(1100);
  }, 60_000);

  it('marks the site in the same transaction as the rule, and clears the mark once the run is through', async () => {
    await send('refund please');
    const marks = () => ctx.store.db.selectFrom('tag_reapply_pending').select('site_id').execute();
    await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'refund', tag: 'billing' });
    expect(await settled()).toMatchObject({ state: 'idle', done: 1, changed: 1 });
    expect(await marks()).toEqual([]);
    // A failed delete (no such rule) marks nothing.
    expect((await admin(`/sites/${ctx.site.id}/tag-rules/tgr_nope`, 'DELETE')).status).toBe(404);
    expect(await marks()).toEqual([]);
  });

  it('finishes after a restart a run that a crash cut short', async () => {
    const id = await send('I need a refund for last month');
    // What a crash right after the rule change leaves: the rule and its mark, committed together,
    // and no run. (The rule goes in through the store, as no collector lived to run it.)
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx.insertInto('tag_rules').values({ id: 'tgr_crash', site_id: ctx.site.id, pattern: 'refund', tag: 'billing', created_at: ctx.clock.now() }).execute();
      await trx.insertInto('tag_reapply_pending').values({ site_id: ctx.site.id, requested_at: ctx.clock.now() }).execute();
    });
    expect((await items()).find((i) => i.id === id)!.tags).toEqual([]);

    // The next start (a new app on the same store) resumes it.
    const restarted = createApp({ store: ctx.store, clock: ctx.clock, ids: randomIds, config: ctx.config, assets: ctx.assets });
    for (let tries = 0; ; tries++) {
      const pending = await ctx.store.db.selectFrom('tag_reapply_pending').select('site_id').execute();
      if (pending.length === 0) break;
      expect(tries).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    void restarted;
    expect((await items()).find((i) => i.id === id)!.tags).toEqual([{ tag: 'billing', source: 'auto' }]);
  });

  it('tags a response by the rules when it is written, not when its analysis started', async () => {
    // The analysis thread holds the text while a rule is added and re-applied to every stored response.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: TextAnalyzer = { ...inProcessAnalyzer, prepare: async (text, options) => (await held, inProcessAnalyzer.prepare(text, options)) };
    const app = createApp({ store: ctx.store, clock: ctx.clock, ids: randomIds, config: ctx.config, assets: ctx.assets, analyzer: slow });
    await send('warm the site up: its rules are read and kept');
    const pending = postResponse({ ...ctx, app }, feedback({ text: 'I want a refund' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'refund', tag: 'billing' })).status).toBe(201);
    expect(await settled()).toMatchObject({ state: 'idle', done: 1 });
    release();
    const { id } = (await (await pending).json()) as { id: string };
    expect((await items()).find((i) => i.id === id)!.tags).toEqual([{ tag: 'billing', source: 'auto' }]);
  });

  it('keeps manual tags beside auto tags, and removing a manual tag leaves the auto one', async () => {
    await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'refund', tag: 'billing' });
    await settled();
    const id = await send('I need a refund for last month');
    expect((await admin(`/responses/${id}/tags`, 'POST', { tag: 'billing' })).status).toBe(200);
    const added = await admin(`/responses/${id}/tags`, 'POST', { tag: 'vip' });
    expect(((await added.json()) as { tags: unknown }).tags).toEqual([
      { tag: 'billing', source: 'auto' },
      { tag: 'billing', source: 'manual' },
      { tag: 'vip', source: 'manual' },
    ]);
    const removed = await admin(`/responses/${id}/tags/billing`, 'DELETE');
    expect(((await removed.json()) as { tags: unknown }).tags).toEqual([
      { tag: 'billing', source: 'auto' },
      { tag: 'vip', source: 'manual' },
    ]);
    expect((await admin('/responses/rsp_nope/tags', 'POST', { tag: 'x' })).status).toBe(404);
  });

  it('refuses tags with control or invisible characters, in rules and by hand', async () => {
    const id = await send('I need a refund for last month');
    for (const tag of ['\u0000\u0007', 'bill\u202eing', '\u200b', 'v\u2028ip']) {
      const rule = await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'refund', tag });
      expect(rule.status).toBe(422);
      expect(((await rule.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
      expect((await admin(`/responses/${id}/tags`, 'POST', { tag })).status).toBe(422);
    }
    // Emoji sequences keep their zero-width joiner.
    expect((await admin(`/responses/${id}/tags`, 'POST', { tag: '👩\u200d💻 dev' })).status).toBe(200);
  });

  it.each([
    ['viewer', 403, 403, 200],
    ['agent', 403, 200, 200],
  ] as const)('lets a %s change rules: %i, tags: %i, read themes: %i', async (role, rules, tags, themes) => {
    const id = await send('Refund please');
    await ctx.store.db.updateTable('admin_users').set({ role }).execute();
    expect((await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: 'refund', tag: 'billing' })).status).toBe(rules);
    expect((await admin(`/responses/${id}/tags`, 'POST', { tag: 'vip' })).status).toBe(tags);
    expect((await admin(`/sites/${ctx.site.id}/themes`)).status).toBe(themes);
    expect((await admin(`/sites/${ctx.site.id}/tag-rules`)).status).toBe(200);
    await settled();
  });

  it('answers the same rule sent twice at once with the one stored rule, which can then be deleted', async () => {
    const body = { pattern: 'refund', tag: 'billing' };
    const answers = await Promise.all([1, 2].map(() => admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', body)));
    const ids = await Promise.all(answers.map(async (res) => ((await res.json()) as TagRuleItem).id));
    const list = (await (await admin(`/sites/${ctx.site.id}/tag-rules`)).json()) as TagRuleList;
    expect(list.items.map((r) => r.id)).toEqual([ids[0]]);
    expect(ids[1]).toBe(ids[0]);
    await settled();
    expect((await admin(`/sites/${ctx.site.id}/tag-rules/${ids[1]}`, 'DELETE')).status).toBe(204);
    await settled();
  });

  it('rejects an empty rule', async () => {
    expect((await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern: '  ', tag: 'x' })).status).toBe(422);
  });

  // Rules match the normalised text, where punctuation and symbols are gone: such a rule could never match.
  it.each(['!!!', '?!…', '—', '👍👍', '！？', '❤️', '🎉️', '\ufe0f', '\u0301\u0302'])('rejects a rule whose pattern %j has no letters, digits or characters', async (pattern) => {
    const res = await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern, tag: 'loud' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: expect.objectContaining({ code: 'validation_failed', message: 'pattern: must contain letters, digits or Chinese characters; punctuation, symbols and emoji alone never match' }),
    });
    expect(((await (await admin(`/sites/${ctx.site.id}/tag-rules`)).json()) as TagRuleList).items).toEqual([]);
  });

  it.each(['C++', '#1', '退款!', 'ｗｉｆｉ', 'café', 'naïve ❤️'])('accepts a rule %j with punctuation around letters or digits', async (pattern) => {
    expect((await admin(`/sites/${ctx.site.id}/tag-rules`, 'POST', { pattern, tag: 'ok' })).status).toBe(201);
    await settled();
  });
});

describe('themes', () => {
  it('groups responses sharing a top keyword, with this week against last week', async () => {
    for (const text of ['Shipping took three weeks', 'shipping is so slow', 'Slow shipping again']) await send(text);
    ctx.clock.advance(8 * DAY);
    for (const text of ['shipping delay again', 'password reset email never arrives', 'cannot reset password', 'password reset broken']) {
      await send(text);
    }
    session = await signIn(ctx); // the first session has expired over the week
    const res = await admin(`/sites/${ctx.site.id}/themes`);
    expect(res.status).toBe(200);
    const themes = ((await res.json()) as { items: ThemeItem[] }).items;
    const shipping = themes.find((t) => t.keywords[0] === 'shipping')!;
    expect(shipping).toMatchObject({ count: 4, thisWeek: 1, lastWeek: 3, trend: 'down' });
    const password = themes.find((t) => t.keywords.includes('password'))!;
    expect(password).toMatchObject({ count: 3, thisWeek: 3, lastWeek: 0, trend: 'new' });
    expect(password.keywords).toContain('reset');
  });

  it('leaves likely spam out, as the inbox and the dashboard do', async () => {
    for (const text of ['password reset email never arrives', 'cannot reset password', 'password reset broken', 'love the colours', 'shipping is slow']) {
      await send(text);
    }
    // A bot that fills in the honeypot, over and over: stored and flagged, but no theme of the site's.
    for (let i = 0; i < 6; i++) await send('cheap pills casino bonus', { hp: 'filled' });
    const themes = ((await (await admin(`/sites/${ctx.site.id}/themes`)).json()) as { items: ThemeItem[] }).items;
    expect(themes.map((t) => [t.keywords[0], t.count])).toEqual([['password', 3]]);
  });

  it('weighs words against the texts that have some, so one in all of them names no theme', async () => {
    for (const text of ['Acme password reset email never arrives', 'Acme: cannot reset password', 'Acme password reset broken']) await send(text);
    for (const text of ['Acme shipping is slow', 'Acme shipping late']) await send(text);
    // Texts with no content terms at all ("!!!") say nothing about how common a word is.
    for (let i = 0; i < 6; i++) await send('!!!');
    const themes = ((await (await admin(`/sites/${ctx.site.id}/themes`)).json()) as { items: ThemeItem[] }).items;
    expect(themes.map((t) => [t.keywords[0], t.count])).toEqual([['password', 3], ['shipping', 2]]);
    expect(themes.flatMap((t) => t.keywords)).not.toContain('acme');
  });
});
