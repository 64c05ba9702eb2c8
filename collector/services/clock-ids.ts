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

/** URL-safe random text with `bytes` bytes of entropy. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
