import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN, type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';
import { npsSurvey } from '../../test/helpers/surveys.ts';
import { randomIds } from '../services/clock-ids.ts';
import { createSurvey } from '../services/surveys.ts';
import { countResponses } from '../store/responses.ts';

let ctx: TestContext;
afterEach(async () => {
  await ctx.close();
});

const generous = { site: 1000, ip: 1000, client: 1000 };
let n = 0;
const fromClient = (clientId: string) => feedback({ clientId, text: `Checkout is broken, attempt ${++n}` });

async function refusal(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  // The widget runs on another origin: without this it could not read Retry-After.
  expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After');
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { code: body.error.code, retryAfter: res.headers.get('retry-after') };
}

describe('rate limits: 429 rate_limited with Retry-After, nothing written', () => {
  it('per network address', async () => {
    ctx = await createTestContext({ rateLimits: { ...generous, ip: 3 } });
    for (let i = 0; i < 3; i++) expect((await postResponse(ctx, fromClient(`client_ip_${i}00`), { ip: '198.51.100.7' })).status).toBe(200);
    const over = await postResponse(ctx, fromClient('client_ip_900'), { ip: '198.51.100.7' });
    // 3 a minute: one token back every 20 s.
    expect(await refusal(over)).toEqual({ code: 'rate_limited', retryAfter: '20' });
    expect(await countResponses(ctx.store.db)).toBe(3);
    expect((await postResponse(ctx, fromClient('client_ip_901'), { ip: '198.51.100.8' })).status).toBe(200);
    ctx.clock.advance(20_000);
    expect((await postResponse(ctx, fromClient('client_ip_902'), { ip: '198.51.100.7' })).status).toBe(200);
  });

  it('per network address across UTC midnight, when the address hash stored with responses changes', async () => {
    ctx = await createTestContext({ rateLimits: { ...generous, ip: 3 } });
    const day = 24 * 60 * 60 * 1000;
    ctx.clock.advance(day - (ctx.clock.now() % day) - 2_000);
    const a = { ip: '203.0.113.5' };
    for (let i = 0; i < 3; i++) expect((await postResponse(ctx, fromClient(`client_mid_a${i}`), a)).status).toBe(200);
    expect((await refusal(await postResponse(ctx, fromClient('client_mid_a9'), a))).code).toBe('rate_limited');
    ctx.clock.advance(3_000);
    // A new day, a new salt, a new stored hash: still the same address, with no fresh allowance.
    expect((await refusal(await postResponse(ctx, fromClient('client_mid_b0'), a))).code).toBe('rate_limited');
    const hashes = await ctx.store.db.selectFrom('responses').select('ip_hash').distinct().execute();
    expect(hashes).toHaveLength(1);
    expect(await countResponses(ctx.store.db)).toBe(3);
  });

  it('per browser, counting a batch from one browser once', async () => {
    ctx = await createTestContext({ rateLimits: { ...generous, client: 2 } });
    const batch = { batch: Array.from({ length: 5 }, () => fromClient('client_same_1')) };
    expect((await postResponse(ctx, batch)).status).toBe(200);
    expect((await postResponse(ctx, fromClient('client_same_1'))).status).toBe(200);
    expect(await refusal(await postResponse(ctx, fromClient('client_same_1')))).toEqual({ code: 'rate_limited', retryAfter: '30' });
    expect(await countResponses(ctx.store.db)).toBe(6);
    expect((await postResponse(ctx, fromClient('client_other_1'))).status).toBe(200);
  });

  it('per site', async () => {
    ctx = await createTestContext({ rateLimits: { ...generous, site: 2 } });
    expect((await postResponse(ctx, fromClient('client_site_01'), { ip: '198.51.100.1' })).status).toBe(200);
    expect((await postResponse(ctx, fromClient('client_site_02'), { ip: '198.51.100.2' })).status).toBe(200);
    expect((await refusal(await postResponse(ctx, fromClient('client_site_03'), { ip: '198.51.100.3' }))).code).toBe('rate_limited');
  });

  it('does not charge an address for a request its site refused', async () => {
    // The site earns a token every 15 s, the address every 30 s.
    ctx = await createTestContext({ rateLimits: { ...generous, site: 4, ip: 2 } });
    const a = { ip: '198.51.100.31' };
    expect((await postResponse(ctx, fromClient('client_refa_01'), a)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await postResponse(ctx, fromClient(`client_refb_0${i}`), { ip: `198.51.100.4${i}` })).status).toBe(200);
    expect(await refusal(await postResponse(ctx, fromClient('client_refa_02'), a))).toEqual({ code: 'rate_limited', retryAfter: '15' });
    ctx.clock.advance(15_000);
    // The refused try cost the address nothing: it still has the token it had left.
    expect((await postResponse(ctx, fromClient('client_refa_03'), a)).status).toBe(200);
  });

  it('gives the other browsers of a refused batch their tokens back', async () => {
    ctx = await createTestContext({ rateLimits: { ...generous, client: 1 } });
    expect((await postResponse(ctx, { batch: [fromClient('client_full_01')] })).status).toBe(200);
    const mixed = { batch: [fromClient('client_fresh_01'), fromClient('client_full_01')] };
    expect((await refusal(await postResponse(ctx, mixed))).code).toBe('rate_limited');
    expect((await postResponse(ctx, fromClient('client_fresh_01'))).status).toBe(200);
    expect(await countResponses(ctx.store.db)).toBe(2);
  });

  it('covers events and follow-ups too, but never the CORS preflight', async () => {
    ctx = await createTestContext({ rateLimits: { ...generous, ip: 1 } });
    const survey = await createSurvey({ db: ctx.store.db, clock: ctx.clock, ids: randomIds }, ctx.site.id, npsSurvey);
    const env = { incoming: { socket: { remoteAddress: '198.51.100.20' } } };
    const event = (key: string) =>
      ctx.app.request(
        `/v1/events?site=${ctx.site.public_key}`,
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin: ORIGIN },
          body: JSON.stringify({ type: 'impression', idempotencyKey: key, clientId: 'client_evt_01', surveyId: survey.id }),
        },
        env,
      );
    expect((await event('event_key_000000001')).status).toBe(200);
    expect((await refusal(await event('event_key_000000002'))).code).toBe('rate_limited');
    const follow = await ctx.app.request(
      `/v1/responses/some_key_0000000001?site=${ctx.site.public_key}`,
      { method: 'PATCH', headers: { 'content-type': 'text/plain', origin: ORIGIN }, body: '{}' },
      env,
    );
    expect((await refusal(follow)).code).toBe('rate_limited');
    const preflight = await ctx.app.request(
      `/v1/responses?site=${ctx.site.public_key}`,
      { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } },
      env,
    );
    expect(preflight.status).toBe(204);
  });
});
