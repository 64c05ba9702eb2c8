import { performance } from 'node:perf_hooks';

/** Whether the collector is saturated now: the write path then leaves text analysis for later. */
export interface LoadProbe {
  busy(): boolean;
}

export const neverBusy: LoadProbe = { busy: () => false };

/**
 * Busy while the event loop was at work for at least `threshold` of the last window (event-loop
 * utilisation: time spent running callbacks rather than waiting for I/O). The event loop is what
 * runs out first under load, so this is the collector's own measure of "at capacity". At one
 * connection a response keeps the loop about a third of its time busy (the rest is the disk's
 * fsync), so that stays well below; a saturating run keeps it above 0.9.
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
