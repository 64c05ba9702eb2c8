import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';
import { LOCKOUT_MS, LoginGuard, MAX_FAILED_PER_SENDER } from './login-guard.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const code = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
};

describe('LoginGuard', () => {
  it('locks a key on its last allowed wrong try, refuses it until the lock ends, and leaves other keys alone', () => {
    const time = clock();
    const guard = new LoginGuard(time);
    for (let i = 1; i < MAX_FAILED_PER_SENDER; i++) {
      guard.begin('a');
      expect(code(() => guard.wrong('a'))).toBeUndefined();
    }
    guard.begin('a');
    expect(code(() => guard.wrong('a'))).toBe('account_locked');
    expect(code(() => guard.begin('a'))).toBe('account_locked');
    expect(code(() => guard.begin('b'))).toBeUndefined();
    time.advance(LOCKOUT_MS);
    expect(code(() => guard.begin('a'))).toBeUndefined();
  });

  it('counts tries still being checked, and a right password starts the key again', () => {
    const guard = new LoginGuard(clock());
    for (let i = 0; i < MAX_FAILED_PER_SENDER; i++) guard.begin('a');
    expect(code(() => guard.begin('a'))).toBe('account_locked');
    guard.right('a');
    for (let i = 0; i < MAX_FAILED_PER_SENDER; i++) guard.begin('a');
  });
});
