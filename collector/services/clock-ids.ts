import { randomBytes } from 'node:crypto';

/** Injected into the app so tests can control time and ids. */
export interface Clock {
  now(): number;
}

export interface Ids {
  /** A new unguessable id with a readable prefix, e.g. `rsp_…`. */
  next(prefix: string): string;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * `<prefix>_<creation time, base 36, 9 characters><96 random bits>`. The time first: ids are
 * primary keys, and a new row's key then sorts after the others, so its index entry goes on the
 * last page, which the commit writes anyway, instead of on a random page of its own (4 KB more
 * written per row on the ingest path). The random part keeps ids unguessable.
 */
export const randomIds: Ids = {
  next: (prefix) => `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomToken(12)}`,
};

// Ids are made on every request, and each call into the crypto binding costs more than the id
// itself; so random bytes are drawn 4 KB at a time, and each byte is handed out once.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** URL-safe random text with `bytes` bytes of entropy. */
export function randomToken(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    used = 0;
  }
  const token = pool.subarray(used, used + bytes).toString('base64url');
  used += bytes;
  return token;
}
