import { makeRoom } from './bounded-keys.ts';
import type { Clock } from './clock-ids.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets kept in this process's memory, one per key: a key may spend up to `perMinute`
 * at once and earns perMinute/60 back every second. Several collector processes would each allow
 * the full rate; sharing buckets between processes is future work.
 *
 * Memory is bounded: past `maxKeys`, buckets that have refilled (the same as no bucket) are
 * dropped, then the oldest ones; forgetting a key only ever gives it a fresh, full bucket.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMinute: number;
  readonly #clock: Clock;
  readonly #maxKeys: number;

  constructor(perMinute: number, clock: Clock, maxKeys = 100_000) {
    this.#perMinute = perMinute;
    this.#clock = clock;
    this.#maxKeys = maxKeys;
  }

  /** Spends one token: 0 when allowed, otherwise the whole seconds until one is back (nothing spent). */
  take(key: string): number {
    const now = this.#clock.now();
    const perMs = this.#perMinute / 60_000;
    const bucket = this.#buckets.get(key);
    const tokens = bucket ? Math.min(this.#perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs) : this.#perMinute;
    if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    if (bucket) {
      bucket.tokens = tokens - 1;
      bucket.at = now;
    } else {
      if (this.#buckets.size >= this.#maxKeys) {
        // A bucket that has refilled is the same as no bucket.
        makeRoom(this.#buckets, this.#maxKeys, (b) => b.tokens + (now - b.at) * perMs >= this.#perMinute);
      }
      this.#buckets.set(key, { tokens: tokens - 1, at: now });
    }
    return 0;
  }

  /** Gives back a token take() spent, for something that turned out not to count. */
  refund(key: string): void {
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.#perMinute, bucket.tokens + 1);
  }
}
