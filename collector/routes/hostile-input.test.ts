import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, type TestContext, createTestContext, feedback, postResponse, signIn } from '../../test/helpers/context.ts';
import { npsSurvey } from '../../test/helpers/surveys.ts';
import { randomIds } from '../services/clock-ids.ts';
import { createSurvey } from '../services/surveys.ts';

// Word lists from PayloadsAllTheThings (MIT), kept beside the repository, not in it: read when
// present, skipped when absent. The inline cases below always run.
const PAYLOADS = resolve(import.meta.dirname, '../../../shared/fuzz/payloadsallthethings');

const INLINE_PAYLOADS = [
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  "'; DROP TABLE responses; --",
  "' OR '1'='1' --",
  '1; UPDATE responses SET text = NULL; --',
  'Robert"); DELETE FROM sites; --',
  '{{7*7}} ${7*7} <%= 7*7 %>',
  '{"$gt": ""}',
];

let ctx: TestContext;
let before: Map<string, string>;

/** Every row of every table, keyed by table and primary key, as JSON. */
async function snapshot(): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  // The full-text index (response_search*) is derived from the responses and fills in the
  // background; what it holds is checked by the search tests, not frozen here.
  const tables = ctx.store.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'response_search%'")
    .all() as Array<{ name: string }>;
  for (const { name } of tables) {
    const columns = ctx.store.sqlite.prepare(`pragma table_info("${name}")`).all() as Array<{ name: string; pk: number }>;
    // Tables without a declared key (a full-text index, say) are keyed by their rowid.
    const declared = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const key = declared.length > 0 ? declared : ['rowid'];
    const select = declared.length > 0 ? `select * from "${name}"` : `select rowid, * from "${name}"`;
    for (const row of ctx.store.sqlite.prepare(select).all() as Array<Record<string, unknown>>) {
      rows.set(`${name}:${JSON.stringify(key.map((k) => row[k]))}`, JSON.stringify(row));
    }
  }
  return rows;
}

beforeEach(async () => {
  ctx = await createTestContext({ rateLimits: { site: 100_000, ip: 100_000, client: 100_000 } });
  // Data that must come through every attack untouched.
  for (const text of ['The checkout button does nothing when I click it', 'Love the new dashboard', '结账按钮点了没有反应请尽快修复']) {
    expect((await postResponse(ctx, feedback({ text, clientId: `client_seed_${text.length}` }))).status).toBe(200);
  }
  before = await snapshot();
});

afterEach(async () => {
  try {
    const after = await snapshot();
    for (const [key, row] of before) expect(after.get(key), key).toBe(row);
    const check = ctx.store.sqlite.prepare('pragma integrity_check').get() as { integrity_check: string };
    expect(check.integrity_check).toBe('ok');
    expect((await ctx.app.request('/healthz')).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  } finally {
    await ctx.close();
  }
});

async function error(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as { error: { code: string; field?: string } };
  return { status: res.status, code: body.error.code, field: body.error.field };
}

/** Stored responses; the three seeded in beforeEach until a test adds one. */
async function responseCount(): Promise<number> {
  return (ctx.store.sqlite.prepare('select count(*) as n from responses').get() as { n: number }).n;
}

const raw = (text: string) => postResponse(ctx, null, { raw: text });
const base = JSON.stringify(feedback({ idempotencyKey: 'truncated_key_000001' }));

describe('hostile input never crashes, never corrupts, always gets a clear answer', () => {
  it.each([
    ['an empty body', ''],
    ['a lone brace', '{'],
    ['a trailing comma', '{"kind":"feedback",}'],
    ['single quotes', "{'kind':'feedback'}"],
    ['a bare word', 'nul'],
    ['an unterminated string', '"abc'],
    ['a raw control character inside a string', '{"text":"a\u0001b"}'],
    ['NaN', '{"score": NaN}'],
    ['two documents', '{}{}'],
  ])('malformed JSON (%s) → 400 invalid_json', async (_what, body) => {
    expect(await error(await raw(body))).toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it.each([['an array', '[]'], ['an array of a body', `[${base}]`], ['a string', '"hi"'], ['a number', '42'], ['null', 'null']])(
    'a JSON body that is not an object (%s) → 422',
    async (_what, body) => {
      expect(await error(await raw(body))).toMatchObject({ status: 422, code: 'validation_failed' });
    },
  );

  it('an array sent as the site settings → 422, the settings unchanged', async () => {
    const { cookie, csrf } = await signIn(ctx);
    const put = (body: string) =>
      ctx.app.request(`/admin/api/sites/${ctx.site.id}/settings`, {
        method: 'PUT',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', origin: ORIGIN },
        body,
      });
    expect((await put(JSON.stringify({ recontactDays: 7, launcher: false, respectDoNotTrack: true }))).status).toBe(200);
    // From here on nothing may change (afterEach compares every row with this).
    before = await snapshot();
    expect((await put('[]')).status).toBe(422);
  });

  it('truncated JSON, cut anywhere → 400 invalid_json', async () => {
    for (let cut = 1; cut < base.length; cut += 3) {
      expect(await error(await raw(base.slice(0, cut))), base.slice(0, cut)).toMatchObject({ status: 400, code: 'invalid_json' });
    }
  });

  it.each([
    ['kind', [7, null, true, ['feedback'], { a: 1 }]],
    ['idempotencyKey', [12345678901234567, null, ['k'], { k: 1 }]],
    ['clientId', [false, 1.5, {}]],
    ['category', [0, ['bug'], null]],
    ['text', [42, false, null, ['a'], { text: 'x' }]],
    ['page', ['http://x.example', 1, null, []]],
    ['locale', [1, { en: true }]],
    ['shownAt', ['yesterday', -1, 1.5, {}]],
    ['hp', [1, {}]],
  ])('wrong types for %s → 422 naming the field', async (field, values) => {
    for (const value of values) {
      const res = await postResponse(ctx, feedback({ [field]: value }));
      const got = await error(res);
      expect(got.status, `${field}=${JSON.stringify(value)}`).toBe(422);
      expect(got.code).toBe('validation_failed');
      if (field !== 'kind') expect(got.field?.split('.')[0]).toBe(field);
    }
  });

  it('huge strings → 422 over a field limit, 413 over the body limit', async () => {
    expect(await error(await postResponse(ctx, feedback({ text: 'x'.repeat(5001) })))).toMatchObject({ status: 422, field: 'text' });
    expect(await error(await postResponse(ctx, feedback({ page: { url: 'https://x.example/', title: 't'.repeat(301) } })))).toMatchObject({
      status: 422,
      field: 'page.title',
    });
    expect(await error(await postResponse(ctx, feedback({ text: '长'.repeat(30_000) })))).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(await error(await raw(`{"${'k'.repeat(70_000)}":1}`))).toMatchObject({ status: 413 });
  });

  it('deeply nested structures → a clear error, no stack overflow', async () => {
    const depth = 20_000;
    expect(await error(await raw(`${'['.repeat(depth)}${']'.repeat(depth)}`))).toMatchObject({ status: 422 });
    // 10,000 levels of objects: as deep as fits under the 64 KB body limit.
    expect(await error(await raw(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`))).toMatchObject({ status: 422 });
    const nestedAttributes = JSON.stringify(feedback({ attributes: { plan: 'x' } })).replace('"x"', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
    expect(await error(await raw(nestedAttributes))).toMatchObject({ status: 422, field: 'attributes.plan' });
    const nestedBatch = await raw(`{"batch":[${'['.repeat(depth)}${']'.repeat(depth)}]}`);
    expect(nestedBatch.status).toBe(200);
    expect(await nestedBatch.json()).toMatchObject({ results: [{ index: 0, error: { code: 'validation_failed' } }] });
    // The same with an escaped surrogate, which makes the body walk the whole structure.
    expect(await error(await raw(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`))).toMatchObject({ status: 422 });
  });

  it('prototype-pollution keys → 422 where fields are fixed, dropped where names are free', async () => {
    const body = JSON.stringify(feedback());
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const top = body.replace('{', `{"${key}":{"isAdmin":true,"polluted":1},`);
      expect(await error(await raw(top))).toMatchObject({ status: 422, field: key });
      const nested = body.replace('"page":{', `"page":{"${key}":{"polluted":1},`);
      expect(await error(await raw(nested))).toMatchObject({ status: 422, field: `page.${key}` });
    }
    const attributes = JSON.stringify(feedback({ idempotencyKey: 'proto_attributes_01', attributes: { plan: 'pro' } })).replace(
      '"attributes":{',
      '"attributes":{"__proto__":{"isAdmin":true},"constructor":"x",',
    );
    const res = await raw(attributes);
    expect(res.status).toBe(200);
    const row = await ctx.store.db.selectFrom('responses').select('attributes').where('idempotency_key', '=', 'proto_attributes_01').executeTakeFirstOrThrow();
    expect(JSON.parse(row.attributes!)).toEqual({ plan: 'pro' });
  });

  it('control characters are stored verbatim; lone surrogates are refused, pairs kept', async () => {
    const controls = 'start \u0000 nul \u0007 bell \u001b[31m ansi \u007f del \u200b zero-width \u202e rtl-override \ufeff bom end';
    const res = await postResponse(ctx, feedback({ idempotencyKey: 'control_chars_0001', text: controls }));
    expect(res.status).toBe(200);
    const row = await ctx.store.db.selectFrom('responses').select('text').where('idempotency_key', '=', 'control_chars_0001').executeTakeFirstOrThrow();
    expect(row.text).toBe(controls);

    for (const text of ['lone high \\ud800 here', 'lone low \\udfff here', 'reversed \\udc00\\ud800 pair']) {
      const body = JSON.stringify(feedback({ text: 'PLACEHOLDER' })).replace('PLACEHOLDER', text);
      expect(await error(await raw(body)), text).toMatchObject({ status: 422, code: 'validation_failed' });
    }
    const key = JSON.stringify(feedback({ attributes: { ok: 'x' } })).replace('"ok"', '"\\ud800"');
    expect(await error(await raw(key))).toMatchObject({ status: 422 });

    const pair = JSON.stringify(feedback({ idempotencyKey: 'surrogate_pair_0001', text: 'PLACEHOLDER' })).replace('PLACEHOLDER', 'smile \\ud83d\\ude00 ok');
    expect((await raw(pair)).status).toBe(200);
    const stored = await ctx.store.db.selectFrom('responses').select('text').where('idempotency_key', '=', 'surrogate_pair_0001').executeTakeFirstOrThrow();
    expect(stored.text).toBe('smile 😀 ok');
  });

  it('bytes that are not UTF-8 → 400 invalid_json, never stored as U+FFFD', async () => {
    const send = (bytes: Uint8Array, contentType = 'text/plain;charset=UTF-8') =>
      ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
        method: 'POST',
        headers: { 'content-type': contentType, origin: ORIGIN },
        body: new Uint8Array(bytes),
      });
    const body = (text: string) => Buffer.from(JSON.stringify(feedback({ text })), 'utf8');
    // A Latin-1 "é" (0xE9), a stray 0xFF, an overlong "/" (C0 AF), an encoded surrogate (ED A0 80), a cut-off "长".
    for (const bad of [[0xe9], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe9, 0x95]]) {
      const bytes = Buffer.from(body('caf@ ok').toString('latin1').replace('@', Buffer.from(bad).toString('latin1')), 'latin1');
      expect(await error(await send(bytes)), JSON.stringify(bad)).toMatchObject({ status: 400, code: 'invalid_json' });
    }
    const latin1 = Buffer.from(JSON.stringify(feedback({ text: 'café crème' })), 'latin1');
    expect(await error(await send(latin1, 'application/json; charset=iso-8859-1'))).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(await responseCount()).toBe(3);

    // A byte order mark in front is allowed by RFC 8259 and dropped.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(feedback({ idempotencyKey: 'bom_in_front_0001', text: 'café ✓' })))]);
    expect((await send(bom)).status).toBe(200);
    const row = await ctx.store.db.selectFrom('responses').select('text').where('idempotency_key', '=', 'bom_in_front_0001').executeTakeFirstOrThrow();
    expect(row.text).toBe('café ✓');
  });

  it('compressed bodies → 415, neither decoded nor read as plain', async () => {
    const json = JSON.stringify(feedback());
    const send = (headers: Record<string, string>, body: string | Uint8Array) =>
      ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: ORIGIN, ...headers },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
    expect(await error(await send({ 'content-encoding': 'gzip' }, gzipSync(json)))).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    // Plain bytes under a coding's name would otherwise be stored as if the header were absent.
    for (const coding of ['br', 'deflate', 'GZIP', 'zstd', 'identity, gzip']) {
      expect(await error(await send({ 'content-encoding': coding }, json)), coding).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
    expect(await error(await send({ 'transfer-encoding': 'gzip, chunked' }, json))).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(await responseCount()).toBe(3);
    expect((await send({ 'content-encoding': 'identity' }, JSON.stringify(feedback({ idempotencyKey: 'identity_coding_01' })))).status).toBe(200);
  });

  it.each([
    ['/v1/responses', ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD'], 'POST, OPTIONS'],
    ['/v1/responses/some_key_0000000001', ['GET', 'PUT', 'DELETE'], 'POST, PATCH, OPTIONS'],
    ['/v1/events', ['GET', 'PUT', 'DELETE', 'PATCH'], 'POST, OPTIONS'],
    ['/v1/config', ['POST', 'PUT', 'DELETE', 'PATCH'], 'GET, HEAD, OPTIONS'],
  ])('a method %s does not take → 405 method_not_allowed with Allow', async (path, methods, allow) => {
    for (const method of methods) {
      const res = await ctx.app.request(`${path}?site=${ctx.site.public_key}`, {
        method,
        headers: { 'content-type': 'text/plain', origin: ORIGIN },
        body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(feedback()),
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      if (method !== 'HEAD') expect(await error(res)).toMatchObject({ code: 'method_not_allowed' });
    }
    expect(await responseCount()).toBe(3);
  });

  it('HEAD of the widget config is answered like GET, with or without an Origin', async () => {
    for (const headers of [{}, { origin: ORIGIN }, { origin: 'https://elsewhere.example' }] as Array<Record<string, string>>) {
      const res = await ctx.app.request(`/v1/config?site=${ctx.site.public_key}`, { method: 'HEAD', headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(res.headers.get('etag')).toBeTruthy();
    }
  });

  it('unknown fields → 422 naming them', async () => {
    expect(await error(await postResponse(ctx, feedback({ role: 'admin' })))).toMatchObject({ status: 422, field: 'role' });
    expect(await error(await postResponse(ctx, feedback({ page: { url: 'https://x.example/', extra: 1 } })))).toMatchObject({
      status: 422,
      field: 'page.extra',
    });
  });

  it('timestamps far in the future are taken as the client said and never used as our time', async () => {
    const farShown = await postResponse(ctx, feedback({ idempotencyKey: 'far_future_shown_01', shownAt: 8.64e15 }));
    expect(farShown.status).toBe(200);
    const row = await ctx.store.db
      .selectFrom('responses')
      .select(['received_at', 'spam_reasons'])
      .where('idempotency_key', '=', 'far_future_shown_01')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ received_at: ctx.clock.now(), spam_reasons: '[]' });

    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const event = await ctx.app.request(`/v1/events?site=${ctx.site.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: JSON.stringify({ type: 'impression', idempotencyKey: 'far_future_event_01', clientId: 'client_future', surveyId: survey.id, at: 8.64e15 }),
    });
    expect(event.status).toBe(200);
    const stored = await ctx.store.db.selectFrom('events').select(['client_at', 'received_at']).where('idempotency_key', '=', 'far_future_event_01').executeTakeFirstOrThrow();
    expect(stored).toEqual({ client_at: 8.64e15, received_at: ctx.clock.now() });

    // 1e400 parses as Infinity: not a time at all.
    const infinite = JSON.stringify(feedback()).replace('"locale"', '"shownAt":1e400,"locale"');
    expect(await error(await raw(infinite))).toMatchObject({ status: 422, field: 'shownAt' });
  });

  it('hostile follow-ups and events get the same treatment', async () => {
    const patch = (body: string) =>
      ctx.app.request(`/v1/responses/some_key_0000000001?site=${ctx.site.public_key}`, {
        method: 'PATCH',
        headers: { 'content-type': 'text/plain', origin: ORIGIN },
        body,
      });
    expect(await error(await patch('{"clientId":'))).toMatchObject({ status: 400 });
    expect(await error(await patch('{"__proto__":{},"clientId":"client_abcdefgh","answers":{},"finished":true}'))).toMatchObject({ status: 422 });
    expect(await error(await patch('{"clientId":"client_abcdefgh","answers":{"q":"DROP TABLE x"},"finished":true}'))).toMatchObject({
      status: 404,
      code: 'response_not_found',
    });
    const events = await ctx.app.request(`/v1/events?site=${ctx.site.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: '{"events":[{"type":"<script>"},null,7]}',
    });
    expect(events.status).toBe(200);
    const { results } = (await events.json()) as { results: Array<{ error?: { code: string } }> };
    expect(results.map((r) => r.error?.code)).toEqual(['validation_failed', 'validation_failed', 'validation_failed']);
  });

  async function storedVerbatim(payloads: string[]) {
    let accepted = 0;
    for (let start = 0; start < payloads.length; start += 50) {
      const chunk = payloads.slice(start, start + 50);
      const items = chunk.map((text, i) => feedback({ idempotencyKey: `payload_${start + i}_key_0000`, text, page: { url: 'https://shop.example/', title: text.slice(0, 300) } }));
      const res = await postResponse(ctx, { batch: items });
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as { results: Array<{ index: number; id?: string; error?: { code: string } }> };
      for (const result of results) {
        const text = chunk[result.index]!;
        if (result.error) {
          // Only text that is empty once trimmed may be refused.
          expect(result.error.code, text).toBe('validation_failed');
          expect(text.trim(), text).toBe('');
          continue;
        }
        accepted++;
        const row = await ctx.store.db.selectFrom('responses').select(['text', 'page_title']).where('id', '=', result.id!).executeTakeFirstOrThrow();
        expect(row.text).toBe(text.trim());
        expect(row.page_title).toBe(text.slice(0, 300));
      }
    }
    return accepted;
  }

  it('script tags and SQL fragments are stored verbatim as data, never run', async () => {
    expect(await storedVerbatim(INLINE_PAYLOADS)).toBe(INLINE_PAYLOADS.length);
    const tables = ctx.store.sqlite.prepare("select count(*) as n from sqlite_master where type = 'table' and name in ('responses', 'sites')").get() as { n: number };
    expect(tables.n).toBe(2);
  });

  it.skipIf(!existsSync(PAYLOADS))('every PayloadsAllTheThings payload is stored verbatim as data', async () => {
    const payloads = readdirSync(PAYLOADS)
      .filter((file) => file !== 'LICENSE')
      .flatMap((file) => readFileSync(join(PAYLOADS, file), 'utf8').split(/\r?\n/))
      .filter((line) => line.length > 0 && line.length <= 5000);
    expect(payloads.length).toBeGreaterThan(100);
    expect(await storedVerbatim(payloads)).toBeGreaterThan(payloads.length * 0.9);
  });
});
