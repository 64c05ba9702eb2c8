import type { RateLimits } from '../config.ts';
import { AppError } from './app-error.ts';
import type { Clock } from './clock-ids.ts';
import { TokenBuckets } from './token-buckets.ts';

/**
 * The hard limits on public writes (responses, follow-ups, events): per site, per hashed IP
 * address and per widget client, each a token bucket of N requests a minute. Over a limit the
 * request is refused with 429 rate_limited and Retry-After; nothing is written, and the
 * widget sends it again later with the same idempotency key.
 */
export class IngestLimits {
  readonly #site: TokenBuckets;
  readonly #ip: TokenBuckets;
  readonly #client: TokenBuckets;

  constructor(limits: RateLimits, clock: Clock) {
    this.#site = new TokenBuckets(limits.site, clock);
    this.#ip = new TokenBuckets(limits.ip, clock);
    this.#client = new TokenBuckets(limits.client, clock);
  }

  /**
   * Before the body is read: the address first, so one noisy sender does not use up its site's
   * budget; and a request its site refuses gives the address its token back, so the visitors of a
   * flooded site are not held back by their own refused tries once it calms down.
   */
  takeSender(siteId: string, ipKey: string | null): void {
    if (ipKey !== null) refuseIfEmpty(this.#ip.take(ipKey), 'this network address');
    const siteWait = this.#site.take(siteId);
    if (siteWait > 0 && ipKey !== null) this.#ip.refund(ipKey);
    refuseIfEmpty(siteWait, 'this site');
  }

  /**
   * One token per distinct client id of the request (a batch from one browser costs one). A
   * request one of its browsers is refused for is refused whole, so the others get theirs back.
   */
  takeClients(siteId: string, clientIds: Iterable<string>): void {
    const taken: string[] = [];
    for (const clientId of new Set(clientIds)) {
      const key = `${siteId}:${clientId}`;
      const wait = this.#client.take(key);
      if (wait > 0) for (const spent of taken) this.#client.refund(spent);
      refuseIfEmpty(wait, 'this browser');
      taken.push(key);
    }
  }
}

function refuseIfEmpty(waitSeconds: number, who: string): void {
  if (waitSeconds > 0) {
    throw new AppError('rate_limited', `Too many requests from ${who}; try again in ${waitSeconds} s.`, { retryAfter: waitSeconds });
  }
}
