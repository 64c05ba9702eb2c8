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

  /** Before the body is read: the address first, so one noisy sender does not use up its site's budget. */
  takeSender(siteId: string, ipHash: string | null): void {
    if (ipHash !== null) refuseIfEmpty(this.#ip.take(ipHash), 'this network address');
    refuseIfEmpty(this.#site.take(siteId), 'this site');
  }

  /** One token per distinct client id of the request (a batch from one browser costs one). */
  takeClients(siteId: string, clientIds: Iterable<string>): void {
    for (const clientId of new Set(clientIds)) refuseIfEmpty(this.#client.take(`${siteId}:${clientId}`), 'this browser');
  }
}

function refuseIfEmpty(waitSeconds: number, who: string): void {
  if (waitSeconds > 0) {
    throw new AppError('rate_limited', `Too many requests from ${who}; try again in ${waitSeconds} s.`, { retryAfter: waitSeconds });
  }
}
