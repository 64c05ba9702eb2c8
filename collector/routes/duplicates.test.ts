import { WriteStatements } from '../store/write-statements.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResponseList } from '../../shared/schema/admin-api.ts';
import { ORIGIN, type TestContext, createTestContext, feedback, patchResponse, postResponse, signIn } from '../../test/helpers/context.ts';
import { npsSurvey, surveyAnswer } from '../../test/helpers/surveys.ts';
import { randomIds } from '../services/clock-ids.ts';
import { createSurvey } from '../services/surveys.ts';
import { insertSite } from '../store/sites.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

let n = 0;
/** A feedback from its own browser (so no rate limit or burst rule is involved). */
function from(text: string, extra: Record<string, unknown> = {}) {
  n++;
  return feedback({ text, clientId: `client_dup_${String(n).padStart(5, '0')}`, ...extra });
}

async function send(body: Record<string, unknown>, opts: { site?: string } = {}): Promise<string> {
  const res = await postResponse(ctx, body, opts);
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

async function clusterOf(id: string): Promise<number | null> {
  const row = await ctx.store.db.selectFrom('responses').select('duplicate_cluster_id').where('id', '=', id).executeTakeFirstOrThrow();
  return row.duplicate_cluster_id;
}

async function clusters() {
  return ctx.store.db.selectFrom('duplicate_clusters').select(['id', 'size']).orderBy('first_seen_at').execute();
}

describe('near-duplicate clusters (dedupe level c)', () => {
  it('makes a copy-paste flood from a hundred browsers one cluster of a hundred, even when copies arrive together', async () => {
    const variants = [
      'The checkout button does nothing when I click it',
      'the checkout button does nothing when i click it!!!',
      'ＴＨＥ ＣＨＥＣＫＯＵＴ ＢＵＴＴＯＮ does nothing when I click it.',
      '  The   checkout button — does nothing,   when I click it ',
    ];
    const ids: string[] = [];
    for (let wave = 0; wave < 5; wave++) {
      // 20 at once: they share group commits, and must still find each other.
      ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => send(from(variants[i % variants.length]!))))));
    }
    const all = await clusters();
    expect(all).toHaveLength(1);
    expect(all[0]!.size).toBe(100);
    expect(new Set(await Promise.all(ids.map(clusterOf)))).toEqual(new Set([all[0]!.id]));
  });

  it.each([
    ['English', 'The checkout button does nothing when I click it', 'The checkout button does nothing when I tap it', 'The checkout button does nothing when I press it'],
    ['Chinese', '结账按钮点了没有反应请尽快修复', '结账按钮点击后没有反应请尽快修复', '结账按钮点了没有反应请马上修复'],
  ])('%s: a text just above the threshold joins, one just below starts its own cluster', async (_lang, original, above, below) => {
    const first = await send(from(original));
    expect(await clusterOf(await send(from(above)))).toBe(await clusterOf(first));
    expect(await clusterOf(await send(from(below)))).not.toBe(await clusterOf(first));
    expect((await clusters()).map((c) => c.size)).toEqual([2, 1]);
  });

  it.each([
    ['emoji only', '😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡'],
    ['very short', 'great app'],
    ['very short Chinese', '很好用'],
  ])('leaves %s texts out of clustering: a hundred "great app"s are a hundred opinions', async (_what, text) => {
    const ids = [await send(from(text)), await send(from(text))];
    expect(await Promise.all(ids.map(clusterOf))).toEqual([null, null]);
    expect(await clusters()).toEqual([]);
  });

  it('keeps each site’s clusters apart', async () => {
    await insertSite(ctx.store.db, { id: 'site_other', public_key: 'pk_other', name: 'Other', allowed_origins: JSON.stringify([ORIGIN]), created_at: 0 });
    const text = 'The checkout button does nothing when I click it';
    await send(from(text));
    await send(from(text), { site: 'pk_other' });
    const rows = await ctx.store.db.selectFrom('duplicate_clusters').select(['site_id', 'size']).execute();
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { site_id: ctx.site.id, size: 1 },
        { site_id: 'site_other', size: 1 },
      ]),
    );
  });

  it('links a text to its cluster only once a copy arrives, and then links the first one too', async () => {
    const text = 'Please add an export to CSV for the invoices page';
    const first = await send(from(text));
    // One of a kind: no entry in the cluster indexes of responses, but the cluster knows it.
    expect(await clusterOf(first)).toBeNull();
    expect(await ctx.store.db.selectFrom('duplicate_clusters').select(['size', 'first_response_id']).execute()).toEqual([
      { size: 1, first_response_id: first },
    ]);
    const second = await send(from(`${text}!!`));
    const cluster = await clusterOf(second);
    expect(cluster).not.toBeNull();
    expect(await clusterOf(first)).toBe(cluster);
    expect((await clusters()).map((c) => c.size)).toEqual([2]);
  });

  it('a lone text that changes leaves the cluster it started, so later copies of the old text do not link it', async () => {
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const answer = surveyAnswer(survey, { nps: 2, nps_why: 'Shipping took three weeks and nobody answered my emails' }, {
      idempotencyKey: 'survey_lone_key_001',
      clientId: 'client_survey_02',
      page: { url: 'http://localhost:8787/done' },
    });
    const id = await send(answer);
    expect(await clusterOf(id)).toBeNull();
    const patched = await patchResponse(ctx, answer.idempotencyKey, {
      clientId: answer.clientId,
      answers: { nps_why: 'The invoice page shows the wrong currency for my country' },
      finished: true,
    });
    expect(patched.status).toBe(200);
    // The old text's cluster is empty now: the copy starts it again, alone, so it is no duplicate yet.
    const copy = await send(from('Shipping took three weeks and nobody answered my emails'));
    expect(await clusterOf(id)).toBeNull();
    expect(await clusterOf(copy)).toBeNull();
    const sizes = await ctx.store.db.selectFrom('duplicate_clusters').select(['size', 'first_response_id']).orderBy('first_seen_at').execute();
    expect(sizes).toEqual([
      { size: 1, first_response_id: copy },
      { size: 1, first_response_id: id },
    ]);
    // A second copy makes both copies duplicates of each other, and leaves the changed response out.
    const again = await send(from('Shipping took three weeks, and nobody answered my emails!'));
    expect(await clusterOf(copy)).not.toBeNull();
    expect(await clusterOf(again)).toBe(await clusterOf(copy));
    expect(await clusterOf(id)).toBeNull();
  });

  it('a linked member whose text changes is not linked back by the next copy of its old text', async () => {
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const answer = surveyAnswer(survey, { nps: 2, nps_why: 'Shipping took three weeks and nobody answered my emails' }, {
      idempotencyKey: 'survey_first_key_01',
      clientId: 'client_survey_03',
      page: { url: 'http://localhost:8787/done' },
    });
    const first = await send(answer);
    const copy = await send(from('Shipping took three weeks and nobody answered my emails'));
    const old = await clusterOf(first);
    expect(old).not.toBeNull();
    expect(await clusterOf(copy)).toBe(old);
    const patched = await patchResponse(ctx, answer.idempotencyKey, {
      clientId: answer.clientId,
      answers: { nps_why: 'The invoice page shows the wrong currency for my country' },
      finished: true,
    });
    expect(patched.status).toBe(200);
    expect(await clusterOf(first)).toBeNull();
    // The copy is alone in its cluster now: the admin list shows it as no duplicate.
    const { cookie } = await signIn(ctx);
    const list = (await (await ctx.app.request('/admin/api/responses', { headers: { cookie } })).json()) as ResponseList;
    expect(list.items.find((item) => item.id === copy)).toMatchObject({ duplicateCount: null, duplicateClusterId: null });
    const third = await send(from('shipping took THREE weeks and nobody answered my emails'));
    expect(await clusterOf(third)).toBe(old);
    expect(await clusterOf(first)).toBeNull();
  });

  it('clusters a survey response once its follow-up brings text, and moves it when the text changes', async () => {
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const other = await send(from('Shipping took three weeks and nobody answered my emails'));
    const answer = surveyAnswer(survey, { nps: 2 }, {
      idempotencyKey: 'survey_dup_key_0001',
      clientId: 'client_survey_01',
      page: { url: 'http://localhost:8787/done' },
    });
    const id = await send(answer);
    expect(await clusterOf(id)).toBeNull();
    const patch = (why: string) =>
      patchResponse(ctx, answer.idempotencyKey, { clientId: answer.clientId, answers: { nps_why: why }, finished: true });
    expect((await patch('Shipping took three weeks and nobody answered my emails!')).status).toBe(200);
    expect(await clusterOf(id)).toBe(await clusterOf(other));
    expect((await clusters()).map((c) => c.size)).toEqual([2]);

    expect((await patch('The checkout button does nothing when I click it')).status).toBe(200);
    const moved = await clusterOf(id);
    expect(moved).not.toBe(await clusterOf(other));
    expect((await clusters()).map((c) => c.size)).toEqual([1, 1]);
  });

  it('finds candidates through the band index, never by scanning stored texts', async () => {
    // The write path prepares its statements once, up front: prepare them again to read the SQL.
    const prepare = vi.spyOn(ctx.store.sqlite, 'prepare');
    new WriteStatements(ctx.store.sqlite);
    const lookup = prepare.mock.calls.map(([text]) => text).find((text) => text.includes('duplicate_cluster_bands') && text.startsWith('select'));
    expect(lookup).toBeDefined();
    const params = (lookup!.match(/\?/g) ?? []).map(() => 1);
    const plan = ctx.store.sqlite.prepare(`explain query plan ${lookup}`).all(...params) as Array<{ detail: string }>;
    const steps = plan.map((p) => p.detail).join('\n');
    expect(steps).toMatch(/SEARCH duplicate_cluster_bands USING PRIMARY KEY \(band_key=\?\)/);
    expect(steps).not.toMatch(/SCAN/);
  });

  it('shows the cluster and its count in the admin list', async () => {
    const text = 'Please add an export to CSV for the invoices page';
    await send(from(text));
    await send(from(`${text}!`));
    await send(from('ok'));
    const { cookie, info } = await signIn(ctx);
    expect(info.user.role).toBe('admin');
    const list = (await (await ctx.app.request('/admin/api/responses', { headers: { cookie } })).json()) as ResponseList;
    const counts = list.items.map((item) => [item.text, item.duplicateCount, item.duplicateClusterId !== null]);
    expect(counts).toEqual(
      expect.arrayContaining([
        [text, 2, true],
        [`${text}!`, 2, true],
        ['ok', null, false],
      ]),
    );
  });
});
