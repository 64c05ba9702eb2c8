import { AppError } from './app-error.ts';
import { makeRoom } from './bounded-keys.ts';
import type { Clock } from './clock-ids.ts';

/** Wrong passwords in a row from one sender (an address, or a signed-in session) that lock it out of an account. */
export const MAX_FAILED_PER_SENDER = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Senders tracked at once; past it, the oldest unlocked ones are forgotten first. */
const MAX_KEYS = 100_000;

interface Tries {
  /** Tries not known to be right: wrong ones, and those still being checked. */
  counted: number;
  lockedUntil: number;
}

/** The guard's key for tries on one account from one sender (an address's key, or `session:<id>`). */
export const guardKey = (email: string, sender: string): string => `${email}\u0000${sender}`;

export function lockedError(lockedUntil: number, now: number): AppError {
  return new AppError('account_locked', 'Too many failed attempts: signing in to this account from here is locked for a while. Try again later.', {
    retryAfter: Math.max(1, Math.ceil((lockedUntil - now) / 1000)),
  });
}

/**
 * Counts wrong passwords per account and sender, in memory. The lock is per sender rather than per
 * account: a lock per account let anyone who knew an admin's email keep that admin out, five
 * guesses every 15 minutes (the account's own count, auth.ts, still locks it after many more, as a
 * backstop against guessing from many addresses). An unknown email counts like a known one, so
 * the lock does not tell which emails exist.
 *
 * A try counts as wrong from the moment it starts until it proves right: guesses sent at once
 * cannot all be checked before the first of them is counted (a password check takes ~100 ms).
 */
export class LoginGuard {
  readonly #tries = new Map<string, Tries>();

  constructor(private readonly clock: Clock) {}

  /** Before a password check: throws account_locked while `key` is locked or has used up its tries. */
  begin(key: string): void {
    const now = this.clock.now();
    let tries = this.#tries.get(key);
    if (tries && tries.lockedUntil > now) throw lockedError(tries.lockedUntil, now);
    if (tries && tries.lockedUntil !== 0) tries = undefined;
    if (!tries) {
      if (this.#tries.size >= MAX_KEYS) makeRoom(this.#tries, MAX_KEYS, (t) => t.lockedUntil <= now);
      tries = { counted: 0, lockedUntil: 0 };
      this.#tries.set(key, tries);
    }
    if (tries.counted >= MAX_FAILED_PER_SENDER) throw lockedError(now + LOCKOUT_MS, now);
    tries.counted++;
  }

  /** The password was wrong: the try stays counted, and the last allowed one locks `key` (account_locked). */
  wrong(key: string): void {
    const now = this.clock.now();
    const tries = this.#tries.get(key);
    if (!tries || tries.counted < MAX_FAILED_PER_SENDER) return;
    tries.lockedUntil ||= now + LOCKOUT_MS;
    throw lockedError(tries.lockedUntil, now);
  }

  /** The password was right: `key` starts again. */
  right(key: string): void {
    this.#tries.delete(key);
  }
}
