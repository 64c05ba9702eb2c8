import { performance } from 'node:perf_hooks';

/** Whether the collector is saturated now: the write path then leaves text analysis for later. */
export interface LoadProbe {
  busy(): boolean;
}

export const neverBusy: LoadProbe = { busy: () => false };

/**
 * Busy while the event loop was at work for at least `threshold` of the last window (event-loop
 * utilisation: time spent running callbacks rather than waiting for I/O). The event loop is what
 * runs out first under load, so this is the collector's own measure of "at capacity". On the
 * development VM one client sending back to back keeps the loop about half busy (the rest is
 * waiting for the disk's fsync): 8% of its texts were left for later, against 39% with 4 clients
 * and 90% with 64 (the rest came in the first window of each 1-s burst, still measured as idle).
 */
export class LoopLoad implements LoadProbe {
  #last = performance.eventLoopUtilization();
  #lastAt = performance.now();
  #busy = false;

  constructor(
    private readonly threshold = 0.7,
    private readonly windowMs = 100,
  ) {}

  busy(): boolean {
    const now = performance.now();
    if (now - this.#lastAt >= this.windowMs) {
      const current = performance.eventLoopUtilization();
      this.#busy = performance.eventLoopUtilization(current, this.#last).utilization >= this.threshold;
      this.#last = current;
      this.#lastAt = now;
    }
    return this.#busy;
  }
}
