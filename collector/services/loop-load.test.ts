import { describe, expect, it } from 'vitest';
import { LoopLoad } from './loop-load.ts';

const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};
const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LoopLoad', () => {
  it('is busy after a window the event loop spent working, and not after one it spent waiting', async () => {
    const load = new LoopLoad(0.7, 30);
    await idle(40);
    expect(load.busy()).toBe(false);
    spin(60);
    expect(load.busy()).toBe(true);
    // Within the window the answer stands: a call per request costs no measurement.
    expect(load.busy()).toBe(true);
    await idle(80);
    expect(load.busy()).toBe(false);
  });
});
