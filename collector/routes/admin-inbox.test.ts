import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkResult, InboxDetail, InboxItem, InboxPage } from '../../shared/schema/inbox.ts';
import type { PublishedSurvey } from '../../shared/schema/survey.ts';
import { ORIGIN, type TestContext, createTestContext, feedback, patchResponse, signIn, adminRequest, type AdminSession } from '../../test/helpers/context.ts';
import { npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';
import { randomIds } from '../services/clock-ids.ts';
import { hashPassword } from '../services/passwords.ts';
import { createSurvey } from '../services/surveys.ts';
import { explainInbox } from '../store/inbox.ts';
import { countPendingTexts } from '../store/search-index.ts';

let ctx: TestContext;
let session: { cookie: string; csrf: string; info: { user: { id: string } } };
const MOBILE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

beforeEach(async () => {
  ctx = await createTestContext();
  session = await signIn(ctx);
});
afterEach(async () => {
  await ctx.close();
});

type Session = AdminSession;

const call = (path: string, method = 'GET', body?: unknown, who: Session | null = session) => adminRequest(ctx, who, method, path, body);

const inbox = (query = '') => `/sites/${ctx.site.id}/inbox${query ? `?${query}` : ''}`;

async function list(query = '', who: Session = session): Promise<InboxPage> {
  const res = await call(inbox(query), 'GET', undefined, who);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as InboxPage;
}
const ids = async (query = '') => (await list(query)).items.map((i) => i.id);

/** Sends feedback through the real ingest route; a minute passes between sends so order is known. */
async function send(text: string, extra: Record<string, unknown> = {}, ua = DESKTOP_UA): Promise<string> {
  ctx.clock.advance(60_000);
  const res = await ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': ua },
    body: JSON.stringify(feedback({ text, clientId: `client_${Math.random().toString(36).slice(2, 12)}`, ...extra })),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

async function userWithRole(role: 'agent' | 'viewer'): Promise<Session & { id: string }> {
  const email = `${role}@example.test`;
  const id = randomIds.next('usr');
  await ctx.store.db
    .insertInto('admin_users')
    .values({ id, email, password_hash: await hashPassword('a long enough password'), role, locked_until: null, created_at: ctx.clock.now() })
    .execute();
  const res = await ctx.app.request('/admin/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email, password: 'a long enough password' }),
  });
  expect(res.status).toBe(200);
  const info = (await res.json()) as { csrfToken: string };
  return { id, cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: info.csrfToken };
}

describe('inbox list', () => {
  it('lists every response with its analysis and workflow fields, newest first', async () => {
    const a = await send('The checkout button does nothing when I click it');
    const b = await send('Love the new dashboard, great work team');
    const { items } = await list();
    expect(items.map((i) => i.id)).toEqual([b, a]);
    const first = items[1]!;
    expect(first).toMatchObject({ status: 'new', assigneeId: null, device: 'desktop', pageUrl: expect.stringContaining('http') });
    expect(typeof first.priority).toBe('number');
    expect(first.sentimentLabel).not.toBeNull();
  });

  it('filters by each field of the shared filter schema', async () => {
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const neg = await send('This is terrible, the app crashes and I want a refund now', { attributes: { plan: 'pro', seats: 12 } });
    const pos = await send('I love this product, wonderful and delightful experience', { page: { url: 'https://shop.example/pricing' } }, MOBILE_UA);
    ctx.clock.advance(60_000);
    const answer = surveyAnswer(survey as PublishedSurvey, { nps: 3 }, { clientId: 'client_surveyone' });
    const sres = await ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: JSON.stringify(answer),
    });
    expect(sres.status).toBe(200);
    const npsId = ((await sres.json()) as { id: string }).id;
    ctx.clock.advance(60_000);
    const promoter = surveyAnswer(survey as PublishedSurvey, { nps: 10 }, { clientId: 'client_surveytwo' });
    const pres = await ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: JSON.stringify(promoter),
    });
    const promoterId = ((await pres.json()) as { id: string }).id;

    expect(new Set(await ids(`survey=${survey.id}`))).toEqual(new Set([npsId, promoterId]));
    expect(await ids('channel=api')).toEqual([]);
    expect((await ids('channel=widget')).length).toBe(4);
    expect(await ids('band=low')).toEqual([npsId]);
    expect(await ids('band=high&scale=nps')).toEqual([promoterId]);
    expect(await ids('band=low&scale=csat')).toEqual([]);
    expect(new Set(await ids('scale=nps'))).toEqual(new Set([npsId, promoterId]));
    expect(await ids('sentiment=neg')).toEqual([neg]);
    expect(await ids('sentiment=pos')).toEqual([pos]);
    expect(await ids('device=mobile')).toEqual([pos]);
    expect(await ids('page=shop.example%2Fpri')).toEqual([pos]);
    expect(await ids('page=100%25')).toEqual([]);
    expect(await ids('attr=plan%3Dpro')).toEqual([neg]);
    expect(await ids('attr=seats%3D12')).toEqual([neg]);
    expect(await ids('attr=plan%3Dfree')).toEqual([]);

    const negAt = (await list()).items.find((i) => i.id === neg)!.receivedAt;
    expect(await ids(`from=${negAt}&to=${negAt + 1}`)).toEqual([neg]);
    expect((await ids(`to=${negAt}`)).length).toBe(0);
    // A day as `to` includes that whole day.
    const day = new Date(negAt).toISOString().slice(0, 10);
    expect((await ids(`from=${day}&to=${day}`)).length).toBe(4);

    expect((await call(`/sites/${ctx.site.id}/inbox/${neg}/tags`, 'POST', { tag: 'billing' })).status).toBe(200);
    expect(await ids('tag=billing')).toEqual([neg]);
    expect((await call(`/sites/${ctx.site.id}/inbox/${pos}`, 'PATCH', { status: 'resolved', assigneeId: session.info.user.id })).status).toBe(200);
    expect(await ids('status=resolved')).toEqual([pos]);
    expect((await ids('status=new')).length).toBe(3);
    expect(await ids(`assignee=${session.info.user.id}`)).toEqual([pos]);
    expect((await ids('assignee=none')).length).toBe(3);
  });

  it('hides likely spam unless asked for it', async () => {
    const ham = await send('The export button is greyed out on the reports page');
    const spam = await send('Buy cheap watches at our shop today friends', { hp: 'i am a bot' });
    expect(await ids()).toEqual([ham]);
    expect(await ids('spam=only')).toEqual([spam]);
    expect(await ids('spam=include')).toEqual([spam, ham]);
  });

  it('searches English by word prefix and Chinese by substring', async () => {
    const en = await send('I was refunded twice for the same order, please check');
    const zh = await send('退款到现在还没有到账，客服也不回复');
    const other = await send('结账页面打不开，一直显示加载中');
    expect(await ids('q=refund')).toEqual([en]);
    expect(await ids('q=REFUNDED%20order')).toEqual([en]);
    expect(await ids('q=%E9%80%80%E6%AC%BE')).toEqual([zh]); // 退款
    expect(await ids(`q=${encodeURIComponent('没有到账')}`)).toEqual([zh]);
    expect(await ids(`q=${encodeURIComponent('结账')}`)).toEqual([other]);
    expect(await ids(`q=${encodeURIComponent('客')}`)).toEqual([zh]);
    // Characters present but not adjacent are not a match.
    expect(await ids(`q=${encodeURIComponent('退到')}`)).toEqual([]);
    // FTS syntax in the query is just text; nothing searchable matches nothing.
    expect(await ids(`q=${encodeURIComponent('"refund*')}`)).toEqual([en]);
    expect(await ids(`q=${encodeURIComponent('refund NEAR(')}`)).toEqual([]);
    expect(await ids(`q=${encodeURIComponent('!!! ???')}`)).toEqual([]);
  });

  it('indexes new texts in the background, before anyone searches', async () => {
    const id = await send('Background indexing should pick this text up on its own');
    // No search runs here: only the background indexer can write the document.
    const indexed = async () =>
      (await ctx.store.db.selectFrom('response_search_docs').select('doc').where('response_id', '=', id).executeTakeFirst()) !== undefined;
    await expect.poll(indexed, { timeout: 3000 }).toBe(true);
    expect(await countPendingTexts(ctx.store.db)).toBe(0);
  });

  it('finds a text that a follow-up added after the first search', async () => {
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const answer = surveyAnswer(survey as PublishedSurvey, { nps: 2 }, { clientId: 'client_followup', finished: false });
    await ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: JSON.stringify(answer),
    });
    expect(await ids('q=invoice')).toEqual([]);
    const res = await patchResponse(ctx, answer.idempotencyKey, { clientId: 'client_followup', answers: { nps_why: 'The invoice PDF is always empty' }, finished: true });
    expect(res.status).toBe(200);
    expect((await ids('q=invoice')).length).toBe(1);
  });

  it('sorts by priority and pages through every row exactly once with a keyset cursor', async () => {
    const texts = [
      'Nice little app, thanks',
      'Terrible broken checkout, refund me now',
      'Good colours on the new theme',
      'The login page is broken and I want to cancel',
      'Fine overall',
      'Awful support, I will ask my bank for a chargeback',
      'Search works well for me',
    ];
    const sent = [] as string[];
    for (const text of texts) sent.push(await send(text));
    const byPriority = (await list('sort=priority')).items;
    const priorities = byPriority.map((i) => i.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(byPriority[0]!.text).toContain('refund');

    for (const sort of ['newest', 'priority']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list(`sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.length).toBe(7);
      expect(new Set(seen)).toEqual(new Set(sent));
    }
    const newest = await list('limit=3');
    // A cursor of one sort is refused by the other.
    const res = await call(inbox(`sort=priority&cursor=${newest.nextCursor}`));
    expect(res.status).toBe(422);
  });

  it('shows a duplicate cluster as one item with its count, and lists the members on demand', async () => {
    const text = 'The checkout button does nothing when I click it on my phone';
    const copies = [await send(text), await send(`${text}!!`), await send(`${text} again`)];
    const lone = await send('Completely different remark about the search page results');
    const { items } = await list();
    expect(items.map((i) => i.id)).toEqual([lone, copies[2]]);
    const cluster = items[1]!;
    expect(cluster).toMatchObject({ collapsed: true, duplicateCount: 3 });
    const members = await list(`cluster=${cluster.duplicateClusterId}`);
    expect(members.items.map((i) => i.id)).toEqual([...copies].reverse());
    // Collapsing picks the newest member among those matching the filter.
    await call(`/sites/${ctx.site.id}/inbox/${copies[0]}`, 'PATCH', { status: 'triaged' });
    expect(await ids('status=triaged')).toEqual([copies[0]]);
  });

  it('uses indexes for the first page, with and without a common filter', async () => {
    for (const [filter, index] of [
      [{}, 'responses_site_received'],
      [{ status: 'new' }, 'responses_inbox_status'],
    ] as const) {
      const plan = (await explainInbox(ctx.store.db, { siteId: ctx.site.id, ...filter }, { sort: 'newest' }, 51)).join('\n');
      expect(plan).toContain(index);
      expect(plan).not.toMatch(/SCAN r\b(?! USING)/);
    }
    const plan = (await explainInbox(ctx.store.db, { siteId: ctx.site.id }, { sort: 'priority' }, 51)).join('\n');
    expect(plan).toContain('responses_inbox_priority');
    expect(plan).not.toContain('TEMP B-TREE FOR ORDER BY');
  });
});

describe('workflow', () => {
  it('moves status, assigns, tags and notes, and keeps an activity trail with who and when', async () => {
    const id = await send('Invoices are missing the VAT number for EU customers');
    const me = session.info.user.id;
    const path = `/sites/${ctx.site.id}/inbox/${id}`;
    for (const status of ['triaged', 'in_progress', 'resolved', 'closed', 'new']) {
      const res = await call(path, 'PATCH', { status });
      expect(res.status).toBe(200);
      expect(((await res.json()) as InboxItem).status).toBe(status);
    }
    expect(((await (await call(path, 'PATCH', { assigneeId: me })).json()) as InboxItem).assigneeId).toBe(me);
    expect(((await (await call(`${path}/tags`, 'POST', { tag: 'vat' })).json()) as InboxItem).tags).toContainEqual({ tag: 'vat', source: 'manual' });
    expect(((await (await call(`${path}/tags/vat`, 'DELETE')).json()) as InboxItem).tags).not.toContainEqual({ tag: 'vat', source: 'manual' });
    const note = await call(`${path}/notes`, 'POST', { text: 'Asked finance <b>today</b>' });
    expect(note.status).toBe(201);

    const detail = (await (await call(path)).json()) as InboxDetail;
    expect(detail.notes).toEqual([expect.objectContaining({ text: 'Asked finance <b>today</b>', authorId: me, authorEmail: 'admin@example.test' })]);
    expect(detail.activity.map((a) => [a.kind, a.from, a.to])).toEqual([
      ['status', 'new', 'triaged'],
      ['status', 'triaged', 'in_progress'],
      ['status', 'in_progress', 'resolved'],
      ['status', 'resolved', 'closed'],
      ['status', 'closed', 'new'],
      ['assignee', null, me],
      ['tag_added', null, 'vat'],
      ['tag_removed', 'vat', null],
      ['note', null, detail.notes[0]!.id],
    ]);
    expect(detail.activity.every((a) => a.actorId === me && a.at === ctx.clock.now())).toBe(true);
    // Setting what is already set records nothing.
    await call(path, 'PATCH', { status: 'new' });
    expect(((await (await call(path)).json()) as InboxDetail).activity.length).toBe(9);
  });

  it('shows survey answers beside the wording of the version answered', async () => {
    const deps = { db: ctx.store.db, clock: ctx.clock, ids: randomIds };
    const survey = await createSurvey(deps, ctx.site.id, npsSurvey);
    const answer = surveyAnswer(survey as PublishedSurvey, { nps: 4, nps_why: 'Too slow' }, { clientId: 'client_wording' });
    const res = await ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: JSON.stringify(answer),
    });
    const { id } = (await res.json()) as { id: string };
    const detail = (await (await call(`/sites/${ctx.site.id}/inbox/${id}`)).json()) as InboxDetail;
    expect(detail.surveyName).toBe('NPS after checkout');
    expect(detail.questions).toEqual([
      { id: 'nps', type: 'rating', text: npsSurvey.questions[0]!.text, answer: 4, why: 'Too slow' },
    ]);
  });

  it('applies a bulk action id by id and reports a bad id without stopping the rest', async () => {
    const a = await send('First complaint about slow page loads on the catalogue');
    const b = await send('Second complaint about the newsletter signup form');
    const res = await call(`/sites/${ctx.site.id}/inbox-bulk`, 'POST', {
      ids: [a, 'rsp_doesnotexist', b],
      status: 'triaged',
      assigneeId: session.info.user.id,
      addTags: ['perf', 'q4'],
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: BulkResult[] };
    expect(results).toEqual([
      { id: a, ok: true },
      { id: 'rsp_doesnotexist', ok: false, error: { code: 'response_not_found', message: expect.any(String) } },
      { id: b, ok: true },
    ]);
    const listed = (await list('status=triaged')).items;
    expect(listed.map((i) => i.id).sort()).toEqual([a, b].sort());
    expect(listed.every((i) => i.assigneeId === session.info.user.id && i.tags.some((t) => t.tag === 'q4'))).toBe(true);
    const removed = await call(`/sites/${ctx.site.id}/inbox-bulk`, 'POST', { ids: [a], removeTags: ['q4'] });
    expect(((await removed.json()) as { results: BulkResult[] }).results).toEqual([{ id: a, ok: true }]);
    expect(await ids('tag=q4')).toEqual([b]);
  });

  it('never touches another site’s response', async () => {
    const id = await send('A response of the default site about invoices');
    await ctx.store.db.insertInto('sites').values({ id: 'site_other', public_key: 'pk_other_site_key', name: 'Other', allowed_origins: '[]', created_at: 0 }).execute();
    expect((await call(`/sites/site_other/inbox/${id}`)).status).toBe(404);
    expect((await call(`/sites/site_other/inbox/${id}`, 'PATCH', { status: 'closed' })).status).toBe(404);
    expect((await list()).items[0]!.status).toBe('new');
    expect((await call('/sites/site_other/inbox')).status).toBe(200);
    expect(((await (await call('/sites/site_other/inbox')).json()) as InboxPage).items).toEqual([]);
  });
});

describe('roles and bad input', () => {
  it('lets viewers read but not write, agents write, and nobody in without a session', async () => {
    const id = await send('Please add dark mode to the mobile app settings');
    const viewer = await userWithRole('viewer');
    const agent = await userWithRole('agent');
    const path = `/sites/${ctx.site.id}/inbox/${id}`;
    expect((await call(inbox(), 'GET', undefined, viewer)).status).toBe(200);
    expect((await call(path, 'GET', undefined, viewer)).status).toBe(200);
    for (const [method, sub, body] of [
      ['PATCH', '', { status: 'closed' }],
      ['POST', '/notes', { text: 'x' }],
      ['POST', '/tags', { tag: 'x' }],
      ['DELETE', '/tags/x', undefined],
    ] as const) {
      expect((await call(`${path}${sub}`, method, body, viewer)).status).toBe(403);
      expect((await call(`${path}${sub}`, method, body, null)).status).toBe(401);
    }
    expect((await call(`/sites/${ctx.site.id}/inbox-bulk`, 'POST', { ids: [id], status: 'closed' }, viewer)).status).toBe(403);
    expect((await call(path, 'PATCH', { status: 'closed', assigneeId: agent.id }, agent)).status).toBe(200);
    expect((await call(inbox(), 'GET', undefined, null)).status).toBe(401);
    // Viewers cannot own responses.
    expect((await call(path, 'PATCH', { assigneeId: viewer.id })).status).toBe(422);
  });

  it('answers bad input with a 4xx naming the problem and changes nothing', async () => {
    const id = await send('Something about the onboarding emails being late');
    const path = `/sites/${ctx.site.id}/inbox/${id}`;
    const cases: Array<[string, string, unknown, number, string]> = [
      [inbox('status=done'), 'GET', undefined, 422, 'status'],
      [inbox('sort=random'), 'GET', undefined, 422, 'sort'],
      [inbox('limit=0'), 'GET', undefined, 422, 'limit'],
      [inbox('limit=abc'), 'GET', undefined, 422, 'limit'],
      [inbox('cursor=notacursor'), 'GET', undefined, 422, 'cursor'],
      [inbox('from=2026-13-45'), 'GET', undefined, 422, 'from'],
      [inbox('attr=noequals'), 'GET', undefined, 422, 'attr'],
      [inbox('attr=a%22b%3Dc'), 'GET', undefined, 422, 'attr'],
      [path, 'PATCH', {}, 422, ''],
      [path, 'PATCH', { status: 'done' }, 422, 'status'],
      [path, 'PATCH', { status: 'closed', extra: 1 }, 422, 'extra'],
      [path, 'PATCH', { assigneeId: 'usr_nobody' }, 422, 'assigneeId'],
      [`${path}/notes`, 'POST', { text: '   ' }, 422, 'text'],
      [`/sites/${ctx.site.id}/inbox-bulk`, 'POST', { ids: [], status: 'closed' }, 422, 'ids'],
      [`/sites/${ctx.site.id}/inbox-bulk`, 'POST', { ids: [id] }, 422, ''],
      [`/sites/${ctx.site.id}/inbox-bulk`, 'POST', { ids: Array(501).fill(id), status: 'closed' }, 422, 'ids'],
    ];
    for (const [p, method, body, status, field] of cases) {
      const res = await call(p, method, body);
      expect(res.status, `${method} ${p} ${JSON.stringify(body)}`).toBe(status);
      const error = ((await res.json()) as { error: { code: string; field?: string } }).error;
      expect(error.code).toBe('validation_failed');
      if (field) expect(error.field ?? '').toContain(field);
    }
    expect((await call('/sites/nosuchsite/inbox')).status).toBe(404);
    expect((await call(`/sites/${ctx.site.id}/inbox/rsp_missing`)).status).toBe(404);
    const item = (await list()).items[0]!;
    expect(item).toMatchObject({ id, status: 'new', assigneeId: null });
  });
});
