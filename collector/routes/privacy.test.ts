import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';
import { IpHasher, networkOf } from '../services/ip-hash.ts';

let ctx: TestContext;
afterEach(async () => {
  await ctx.close();
});

let n = 0;
/** The stored hash of one request's sender; `socket`: the connection it came over (a new one if absent). */
async function ipHashOf(opts: { ip?: string; headers?: Record<string, string>; socket?: { remoteAddress: string } }) {
  const body = feedback({ clientId: `client_priv_${String(++n).padStart(4, '0')}`, text: `Checkout broke, report ${n}` });
  const res = opts.headers || opts.socket
    ? await ctx.app.request(
        `/v1/responses?site=${ctx.site.public_key}`,
        { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://localhost:8787', ...opts.headers }, body: JSON.stringify(body) },
        opts.socket ? { incoming: { socket: opts.socket } } : opts.ip ? { incoming: { socket: { remoteAddress: opts.ip } } } : undefined,
      )
    : await postResponse(ctx, body, opts);
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  const row = await ctx.store.db.selectFrom('responses').select('ip_hash').where('id', '=', id).executeTakeFirstOrThrow();
  return row.ip_hash;
}

describe('privacy at the door', () => {
  it('stores a keyed hash of the address, and the address itself nowhere in the database files', async () => {
    ctx = await createTestContext();
    const hash = await ipHashOf({ ip: '203.0.113.77' });
    expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await ctx.store.writes.drain();
    for (const file of readdirSync(ctx.dir)) {
      expect(readFileSync(join(ctx.dir, file)).includes('203.0.113.77'), file).toBe(false);
    }
  });

  it('hashes an address alike all day, differently the next day, and keeps only two days of salts', async () => {
    ctx = await createTestContext();
    const today = await ipHashOf({ ip: '203.0.113.5' });
    expect(await ipHashOf({ ip: '203.0.113.5' })).toBe(today);
    expect(await ipHashOf({ ip: '203.0.113.6' })).not.toBe(today);
    ctx.clock.advance(24 * 60 * 60 * 1000);
    const tomorrow = await ipHashOf({ ip: '203.0.113.5' });
    expect(tomorrow).not.toBe(today);
    ctx.clock.advance(24 * 60 * 60 * 1000);
    await ipHashOf({ ip: '203.0.113.5' });
    const days = await ctx.store.db.selectFrom('ip_salts').select('day').orderBy('day').execute();
    expect(days.map((d) => d.day)).toEqual(['2026-11-24', '2026-11-25']);
  });

  it('leaves nothing of a deleted salt in the database files', async () => {
    ctx = await createTestContext();
    await ipHashOf({ ip: '203.0.113.5' });
    const [{ salt }] = (await ctx.store.db.selectFrom('ip_salts').select('salt').execute()) as [{ salt: string }];
    ctx.clock.advance(2 * 24 * 60 * 60 * 1000);
    await ipHashOf({ ip: '203.0.113.5' });
    await ctx.store.writes.drain();
    // With that salt, hashing all 2³² IPv4 addresses would reverse the day's hashes.
    for (const file of readdirSync(ctx.dir)) {
      expect(readFileSync(join(ctx.dir, file)).includes(salt), file).toBe(false);
    }
  });

  it('deletes old salts without waiting for a request on a new day', async () => {
    ctx = await createTestContext();
    await ipHashOf({ ip: '203.0.113.5' });
    // Three quiet days: no request hashes anything, the midnight pruning still runs.
    ctx.clock.advance(3 * 24 * 60 * 60 * 1000);
    await new IpHasher(ctx.store.db, ctx.clock).pruneOldSalts();
    expect(await ctx.store.db.selectFrom('ip_salts').select('day').execute()).toEqual([]);
  });

  /** Runs the hasher's midnight pruning over `days` days (fake timers) from salts of long ago and today; the days kept. */
  async function daysKeptAfterPruning(hasher: (c: TestContext) => IpHasher, days: number): Promise<string[]> {
    ctx = await createTestContext();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await ctx.store.db.insertInto('ip_salts').values([{ day: '2026-11-01', salt: 'old' }, { day: '2026-11-24', salt: 'today' }]).execute();
      const stop = hasher(ctx).startSaltPruning();
      for (let day = 0; day < days; day++) {
        ctx.clock.advance(24 * 60 * 60 * 1000);
        await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
      }
      stop();
      return (await ctx.store.db.selectFrom('ip_salts').select('day').execute()).map((d) => d.day);
    } finally {
      vi.useRealTimers();
    }
  }

  it('prunes just after each UTC midnight', async () => {
    expect(await daysKeptAfterPruning((c) => new IpHasher(c.store.db, c.clock), 1)).toEqual(['2026-11-24']);
  });

  it('keeps pruning at the next midnight after a run that failed', async () => {
    class Flaky extends IpHasher {
      failures = 1;
      override pruneOldSalts(): Promise<void> {
        return this.failures-- > 0 ? Promise.reject(new Error('database is locked')) : super.pruneOldSalts();
      }
    }
    expect(await daysKeptAfterPruning((c) => new Flaky(c.store.db, c.clock), 2)).toEqual(['2026-11-24']);
  });

  it('hashes a keep-alive connection’s address once a day, and a forwarded address every time', async () => {
    ctx = await createTestContext();
    const socket = { remoteAddress: '203.0.113.9' };
    const today = await ipHashOf({ socket });
    expect(await ipHashOf({ socket })).toBe(today);
    expect(await ipHashOf({ ip: '203.0.113.9' })).toBe(today);
    // Past midnight the same connection is hashed with the new day's salt.
    ctx.clock.advance(24 * 60 * 60 * 1000);
    const tomorrow = await ipHashOf({ socket });
    expect(tomorrow).not.toBe(today);
    expect(await ipHashOf({ ip: '203.0.113.9' })).toBe(tomorrow);
    await ctx.close();

    // Behind a proxy one connection carries many senders: each request's own address counts.
    ctx = await createTestContext({ trustProxy: 1 });
    const proxy = { remoteAddress: '10.0.0.2' };
    const first = await ipHashOf({ socket: proxy, headers: { 'x-forwarded-for': '198.51.100.50' } });
    expect(await ipHashOf({ socket: proxy, headers: { 'x-forwarded-for': '198.51.100.51' } })).not.toBe(first);
    expect(await ipHashOf({ socket: proxy, headers: { 'x-forwarded-for': '198.51.100.50' } })).toBe(first);
  });

  it('treats one IPv6 /64 as one sender', async () => {
    ctx = await createTestContext();
    const a = await ipHashOf({ ip: '2001:db8:1:2:aaaa::1' });
    expect(await ipHashOf({ ip: '2001:db8:1:2:bbbb:cccc:dddd:eeee' })).toBe(a);
    expect(await ipHashOf({ ip: '2001:db8:1:3::1' })).not.toBe(a);
    expect(networkOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(networkOf('2001:0db8:0000:0042:0000:8a2e:0370:7334')).toBe('2001:db8:0:42::/64');
  });

  it('tells IPv4 senders apart however their IPv4-mapped address is written', async () => {
    expect(networkOf('::ffff:c000:201')).toBe('192.0.2.1');
    expect(networkOf('0:0:0:0:0:ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(networkOf('::ffff:c633:6407')).toBe('198.51.100.7');
    expect(networkOf('1::2:3:4:5:6.7.8.9')).toBe('1:0:2:3::/64');
  });

  it('ignores X-Forwarded-For unless told how many proxies to trust', async () => {
    ctx = await createTestContext();
    const socket = await ipHashOf({ ip: '192.0.2.10' });
    expect(await ipHashOf({ ip: '192.0.2.10', headers: { 'x-forwarded-for': '198.51.100.99' } })).toBe(socket);
  });

  it('with TRUST_PROXY=1 takes the address the proxy saw, whatever the client claimed before it', async () => {
    ctx = await createTestContext({ trustProxy: 1 });
    const seen = await ipHashOf({ ip: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.50' } });
    expect(await ipHashOf({ ip: '10.0.0.2', headers: { 'x-forwarded-for': '1.2.3.4, 198.51.100.50' } })).toBe(seen);
    expect(await ipHashOf({ ip: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.51' } })).not.toBe(seen);
    // A request that bypassed the proxy falls back to its socket.
    expect(await ipHashOf({ ip: '198.51.100.50' })).toBe(seen);
  });

  it('with TRUST_PROXY=1 reads an address the proxy wrote with its port', async () => {
    ctx = await createTestContext({ trustProxy: 1 });
    const proxy = '10.0.0.2';
    const seen = await ipHashOf({ ip: proxy, headers: { 'x-forwarded-for': '198.51.100.50' } });
    expect(await ipHashOf({ ip: proxy, headers: { 'x-forwarded-for': '198.51.100.50:50123' } })).toBe(seen);
    const v6 = await ipHashOf({ ip: proxy, headers: { 'x-forwarded-for': '2001:db8:1:2::7' } });
    expect(await ipHashOf({ ip: proxy, headers: { 'x-forwarded-for': '[2001:db8:1:2::9]:443' } })).toBe(v6);
    // Not the proxy's own address, which every sender behind it would then share.
    expect(await ipHashOf({ ip: proxy, headers: { 'x-forwarded-for': '198.51.100.51:50123' } })).not.toBe(
      await ipHashOf({ ip: proxy, headers: { 'x-forwarded-for': '198.51.100.52:50123' } }),
    );
  });

  it('accepts requests with no socket at all (in-process), storing no hash', async () => {
    ctx = await createTestContext();
    expect(await ipHashOf({})).toBeNull();
  });
});
