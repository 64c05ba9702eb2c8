// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoff, createOutbox } from './queue.ts';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network';
let replies: Reply[];
let calls: Array<{ url: string; body: unknown }>;

beforeEach(() => {
  localStorage.clear();
  replies = [];
  calls = [];
  vi.useFakeTimers();
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, body: JSON.parse(String(init.body)) });
    const reply = replies.shift() ?? { status: 200, body: { id: 'rsp_1', receivedAt: 1 } };
    if (reply === 'network') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(reply.body ?? {}), { status: reply.status, headers: reply.headers });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const saved = () => JSON.parse(localStorage.getItem('box') ?? '[]') as unknown[];

describe('outbox', () => {
  it('sends, resolves with the ack and forgets the item', async () => {
    const box = createOutbox('http://c.test', 'box');
    const result = await box.push('/v1/responses?site=k', { a: 1 });
    expect(result).toEqual({ ok: true, ack: { id: 'rsp_1', receivedAt: 1 } });
    expect(calls[0]).toEqual({ url: 'http://c.test/v1/responses?site=k', body: { a: 1 } });
    expect(saved()).toEqual([]);
  });

  it('keeps a failed send saved, reports it queued, and retries it with backoff', async () => {
    replies = ['network'];
    const box = createOutbox('http://c.test', 'box');
    const result = await box.push('/p', { a: 1 });
    expect(result).toMatchObject({ ok: false, reason: 'network', queued: true });
    expect(saved()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1100);
    expect(calls).toHaveLength(2);
    expect(saved()).toEqual([]);
  });

  it('honours Retry-After on 429', async () => {
    replies = [{ status: 429, headers: { 'Retry-After': '10' } }];
    const box = createOutbox('http://c.test', 'box');
    await box.push('/p', {});
    await vi.advanceTimersByTimeAsync(9000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls).toHaveLength(2);
  });

  it('keeps and retries a send a proxy timed out (408), and drops one the collector refused (422)', async () => {
    replies = [{ status: 408 }];
    const box = createOutbox('http://c.test', 'box');
    expect(await box.push('/p', { a: 1 })).toMatchObject({ ok: false, reason: 'server', queued: true });
    await vi.advanceTimersByTimeAsync(1100);
    expect(calls).toHaveLength(2);
    expect(saved()).toEqual([]);
    replies = [{ status: 422, body: { error: { code: 'validation_failed', message: 'text: too long' } } }];
    expect(await box.push('/p', { a: 2 })).toMatchObject({ ok: false, reason: 'rejected', message: 'text: too long' });
    expect(saved()).toEqual([]);
  });

  it('waits no more than an hour, whatever Retry-After says, and backs off as usual without one', async () => {
    replies = [{ status: 503, headers: { 'Retry-After': '99999999999' } }, { status: 503 }];
    const box = createOutbox('http://c.test', 'box');
    await box.push('/p', {});
    // A timer past ~24 days would fire at once and spin; capped, it waits its hour.
    await vi.advanceTimersByTimeAsync(3_599_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(2);
    // No header: the backoff (2 s for the second try, at most) and nothing else.
    await vi.advanceTimersByTimeAsync(2100);
    expect(calls).toHaveLength(3);
  });

  it('tells every send waiting behind a failing one that it is saved, at once', async () => {
    let fail!: () => void;
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      // The first send hangs, then fails: a bad mobile network.
      if (calls.length === 1) return new Promise((_resolve, reject) => (fail = () => reject(new TypeError('Failed to fetch'))));
      return Promise.resolve(new Response('{}', { status: 200 }));
    });
    const box = createOutbox('http://c.test', 'box');
    const first = box.push('/p', { n: 1 });
    const second = box.push('/p', { n: 2 });
    fail();
    expect(await first).toMatchObject({ queued: true });
    expect(await second).toMatchObject({ queued: true });
    expect(saved()).toHaveLength(2);
  });

  it('drops what the collector refuses (4xx) and says why', async () => {
    replies = [{ status: 422, body: { error: { code: 'validation_failed', message: 'text: must not be empty' } } }];
    const box = createOutbox('http://c.test', 'box');
    expect(await box.push('/p', {})).toEqual({ ok: false, reason: 'rejected', message: 'text: must not be empty' });
    expect(saved()).toEqual([]);
  });

  it('sends in order: a follow-up never overtakes the answer it adds to', async () => {
    replies = ['network'];
    const box = createOutbox('http://c.test', 'box');
    void box.push('/first', { n: 1 });
    void box.push('/second', { n: 2 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.map((c) => c.url)).toEqual(['http://c.test/first', 'http://c.test/first', 'http://c.test/second']);
  });

  it('says a new item is saved at once when an earlier one is waiting out a backoff', async () => {
    replies = ['network'];
    const box = createOutbox('http://c.test', 'box');
    await box.push('/first', {});
    expect(await box.push('/second', {})).toMatchObject({ ok: false, queued: true });
    expect(saved()).toHaveLength(2);
    expect(calls).toHaveLength(1);
  });

  it('picks up what an earlier page view left unsent', async () => {
    localStorage.setItem('box', JSON.stringify([{ id: 'x', path: '/left', body: { n: 1 }, tries: 3, next: Date.now() + 60_000 }]));
    createOutbox('http://c.test', 'box').retryNow();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.map((c) => c.url)).toEqual(['http://c.test/left']);
    expect(saved()).toEqual([]);
  });

  it('hands what is left to sendBeacon when the page goes away', async () => {
    replies = ['network'];
    const beacons: string[] = [];
    vi.stubGlobal('navigator', { ...navigator, sendBeacon: (url: string) => (beacons.push(url), true) });
    const box = createOutbox('http://c.test', 'box');
    await box.push('/p', {});
    box.beacon();
    expect(beacons).toEqual(['http://c.test/p']);
    expect(saved()).toHaveLength(1);
  });
});

describe('outbox facing a collector in trouble', () => {
  it('gives up on a send with no answer after 20 s: says it is saved and sends it again, same body', async () => {
    // AbortSignal.timeout runs on the real clock; this one runs on the test's.
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('signal timed out', 'TimeoutError')), ms);
      return controller.signal;
    });
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      // The first request hangs until its signal gives up on it; the next one is answered.
      if (calls.length > 1) return Promise.resolve(new Response('{"id":"rsp_2","receivedAt":2}', { status: 200 }));
      return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    });
    const box = createOutbox('http://c.test', 'box');
    const first = box.push('/p', { key: 'k1' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await first).toMatchObject({ ok: false, reason: 'network', queued: true });
    await vi.advanceTimersByTimeAsync(1100);
    expect(calls.map((c) => c.body)).toEqual([{ key: 'k1' }, { key: 'k1' }]);
    expect(saved()).toEqual([]);
  });

  it('still sends, and reports the ack, when storage refuses every write (full)', async () => {
    vi.stubGlobal('localStorage', {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    });
    const box = createOutbox('http://c.test', 'box');
    expect(await box.push('/p', { a: 1 })).toEqual({ ok: true, ack: { id: 'rsp_1', receivedAt: 1 } });
    expect(calls).toHaveLength(1);
    // A failed send is kept (in memory) and retried, in order, like any other.
    replies = ['network'];
    expect(await box.push('/q', { b: 2 })).toMatchObject({ queued: true });
    void box.push('/r', { c: 3 });
    await vi.advanceTimersByTimeAsync(1100);
    expect(calls.map((c) => c.url)).toEqual(['http://c.test/p', 'http://c.test/q', 'http://c.test/q', 'http://c.test/r']);
  });

  it('still sends when there is no storage at all (a sandboxed frame)', async () => {
    const denied = () => {
      throw new DOMException('Access is denied for this document.', 'SecurityError');
    };
    vi.stubGlobal('localStorage', { getItem: denied, setItem: denied });
    const box = createOutbox('http://c.test', 'box');
    expect(await box.push('/p', { a: 1 })).toMatchObject({ ok: true });
    expect(calls).toHaveLength(1);
  });

  it('does not let a new page view cut short the wait a Retry-After asked for, but does cut short a plain backoff', async () => {
    replies = [{ status: 503, headers: { 'Retry-After': '60' }, body: { error: { code: 'storage_full' } } }];
    await createOutbox('http://c.test', 'box').push('/full', {});
    // The next page view, a second later.
    await vi.advanceTimersByTimeAsync(1000);
    createOutbox('http://c.test', 'box').retryNow();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(58_100);
    expect(calls).toHaveLength(2);
    expect(saved()).toEqual([]);

    replies = ['network', 'network'];
    await createOutbox('http://c.test', 'box').push('/down', {});
    await vi.advanceTimersByTimeAsync(10);
    createOutbox('http://c.test', 'box').retryNow();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.map((c) => c.url).slice(2)).toEqual(['http://c.test/down', 'http://c.test/down']);
  });
});

describe('backoff', () => {
  it('doubles up to a cap, with jitter between half and full', () => {
    expect(backoff(1, 1)).toBe(1000);
    expect(backoff(3, 1)).toBe(4000);
    expect(backoff(3, 0)).toBe(2000);
    expect(backoff(20, 1)).toBe(30_000);
  });
});
