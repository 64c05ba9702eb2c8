import { afterEach, expect, it, vi } from 'vitest';
import { randomIds } from './clock-ids.ts';

afterEach(() => vi.useRealTimers());

it('makes ids that sort by creation time and never repeat', () => {
  vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00Z'), toFake: ['Date'] });
  const first = Array.from({ length: 1000 }, () => randomIds.next('rsp'));
  vi.setSystemTime(new Date('2026-11-23T10:00:00.001Z'));
  const later = randomIds.next('rsp');
  expect(new Set(first).size).toBe(1000);
  for (const id of first) {
    expect(id).toMatch(/^rsp_[0-9a-z]{9}[A-Za-z0-9_-]{16}$/);
    expect(id < later).toBe(true);
  }
  // Far in the future the time part keeps its width, so the order holds.
  vi.setSystemTime(new Date('2080-01-01T00:00:00Z'));
  expect(randomIds.next('rsp') > later).toBe(true);
});
