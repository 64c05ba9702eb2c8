import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.ts';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('TokenBuckets', () => {
  it('allows a burst of the per-minute amount, then says how many seconds until the next token', () => {
    const time = clock();
    const buckets = new TokenBuckets(6, time);
    expect(Array.from({ length: 6 }, () => buckets.take('a'))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(buckets.take('a')).toBe(10);
    time.advance(4_000);
    expect(buckets.take('a')).toBe(6);
    time.advance(6_000);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(10);
  });

  it('takes back a spent token on refund, never past the burst size', () => {
    const buckets = new TokenBuckets(2, clock());
    expect([buckets.take('a'), buckets.take('a')]).toEqual([0, 0]);
    buckets.refund('a');
    expect([buckets.take('a'), buckets.take('a')]).toEqual([0, 30]);
    buckets.refund('b');
    buckets.refund('a');
    buckets.refund('a');
    buckets.refund('a');
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('b')]).toEqual([0, 0, 30, 0]);
  });

  it('keeps keys apart and never refills past the burst size', () => {
    const time = clock();
    const buckets = new TokenBuckets(2, time);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 30]);
    expect(buckets.take('b')).toBe(0);
    time.advance(10 * 60_000);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 30]);
  });

  it('forgets refilled buckets first when it holds too many keys, and stays within its bound', () => {
    const time = clock();
    const buckets = new TokenBuckets(1, time, 10);
    buckets.take('busy');
    time.advance(60_000); // 'busy' has refilled: forgetting it changes nothing
    for (let i = 0; i < 9; i++) buckets.take(`k${i}`);
    buckets.take('new'); // over the bound: 'busy' goes, the nine fresh keys stay
    expect(buckets.take('k0')).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) buckets.take(`flood${i}`);
    expect(buckets.take('k0')).toBe(0); // evicted under pressure: a fresh, full bucket
  });
});
