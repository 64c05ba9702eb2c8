import type { SendResult } from '../../shared/contract.ts';
import { randomId, readJson } from '../storage.ts';
import { postJson } from './send.ts';

/** One request waiting in the outbox. Every request is an idempotent POST, so resending is safe. */
export interface OutboxItem {
  id: string;
  /** Path and query under the collector's origin, e.g. /v1/responses?site=pk_… */
  path: string;
  body: unknown;
  tries: number;
  /** Not before this time (ms since epoch): backoff between tries. */
  next: number;
  /** Set when the wait is one the collector asked for (Retry-After): a new page view keeps it. */
  asked?: boolean;
}

const MAX_DELAY = 30_000;

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … for tries 1, 2, 3 …, capped, each scaled by 0.5–1 at random. */
export function backoff(tries: number, random: number): number {
  return (Math.min(MAX_DELAY, 500 * 2 ** tries) * (1 + random)) / 2;
}

/**
 * The saved outbox: every submission and event goes here first, then out in order (a follow-up
 * never overtakes the answer it adds to). Failed sends are retried with backoff, honouring
 * Retry-After; what is left when the page closes goes by sendBeacon and stays saved until a later
 * page view sees it acknowledged. Nothing acknowledged is resent forever; nothing unacknowledged
 * is dropped unless the collector refuses it (4xx).
 */
export function createOutbox(origin: string, storageKey: string) {
  const waiting = new Map<string, (result: SendResult) => void>();
  let busy = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Set while storage refuses writes (full, or none at all): the items live in memory for this
  // page view, so they are still sent and their senders still hear back.
  let kept: OutboxItem[] | undefined;
  // Re-read before each write: another tab of the same site may share the outbox.
  const load = () => kept ?? readJson<OutboxItem[]>(storageKey, []);
  const update = (change: (items: OutboxItem[]) => OutboxItem[]) => {
    kept = change(load());
    try {
      localStorage.setItem(storageKey, JSON.stringify(kept));
      kept = undefined;
    } catch {
      // Full or unavailable: kept in memory.
    }
  };

  function schedule(at: number) {
    clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, at - Date.now()));
  }

  async function flush(): Promise<void> {
    if (busy) return;
    const head = load()[0];
    if (!head) return;
    if (head.next > Date.now()) return schedule(head.next);
    busy = true;
    const { result, retryAfter } = await postJson(origin + head.path, head.body);
    busy = false;
    if (result.ok || result.reason === 'rejected') {
      update((items) => items.filter((i) => i.id !== head.id));
      waiting.get(head.id)?.(result);
      waiting.delete(head.id);
    } else {
      const tries = head.tries + 1;
      const next = Date.now() + Math.max(backoff(tries, Math.random()), (retryAfter ?? 0) * 1000);
      update((items) => items.map((i) => (i.id === head.id ? { ...i, tries, next, asked: !!retryAfter } : i)));
      // The callers learn it is saved and will go out later; the items stay queued. That is
      // everyone waiting, not just the head: what was pushed behind it cannot go before it does.
      waiting.forEach((done) => done({ ...result, queued: true }));
      waiting.clear();
      return schedule(next);
    }
    return flush();
  }

  /** Queues a request and resolves with the outcome of its first try. */
  function push(path: string, body: unknown): Promise<SendResult> {
    const id = randomId(8);
    const ahead = load();
    update((items) => [...items, { id, path, body, tries: 0, next: 0 }]);
    // Behind an item that is waiting out a backoff, this one cannot go now either: say it is
    // saved at once instead of leaving the visitor on "Sending…" until the collector is back.
    if ((ahead[0]?.next ?? 0) > Date.now()) {
      void flush();
      return Promise.resolve({ ok: false, reason: 'network', queued: true });
    }
    const result = new Promise<SendResult>((resolve) => waiting.set(id, resolve));
    void flush();
    return result;
  }

  /** Page is going away: hand what is left to the browser, which sends it even after unload (a string goes as text/plain). */
  function beacon(): void {
    if (!navigator.sendBeacon) return;
    for (const item of load()) {
      navigator.sendBeacon(origin + item.path, JSON.stringify(item.body));
    }
  }

  /**
   * Retry now (coming back online, a new page view), except what waits out a Retry-After: a
   * collector that is full or overloaded is not asked again by every page a visitor opens.
   */
  function retryNow(): void {
    update((items) => items.map((i) => (i.asked ? i : { ...i, next: 0 })));
    void flush();
  }

  return { push, beacon, retryNow };
}

export type Outbox = ReturnType<typeof createOutbox>;
