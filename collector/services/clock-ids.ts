import { randomBytes } from 'node:crypto';

/** Injected into the app so tests can control time and ids. */
export interface Clock {
  now(): number;
}

export interface Ids {
  /** A new random id with a readable prefix, e.g. `rsp_…`. */
  next(prefix: string): string;
}

export const systemClock: Clock = { now: () => Date.now() };

export const randomIds: Ids = {
  next: (prefix) => `${prefix}_${randomToken(15)}`,
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
