/**
 * An in-process publisher of "this response was stored or changed", per site. Routes call
 * `publish` after a write is durably stored (the ingest route after the service acknowledged it,
 * the workflow routes after their transaction); the live route subscribes per site, so one
 * site's events never reach another site's stream.
 *
 * One process only: with several collector processes each sees its own writes (future work:
 * a shared channel such as Postgres LISTEN/NOTIFY).
 */
export type LiveListener = (responseId: string) => void;

export class LiveFeed {
  readonly #bySite = new Map<string, Set<LiveListener>>();

  /** `afterPublish` runs on every publish, watched or not (app.ts: kicks the search indexer). */
  constructor(private readonly afterPublish?: () => void) {}

  subscribe(siteId: string, listener: LiveListener): () => void {
    let set = this.#bySite.get(siteId);
    if (!set) this.#bySite.set(siteId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#bySite.get(siteId) === set) this.#bySite.delete(siteId);
    };
  }

  /** Tells this site's listeners; costs nothing when nobody is watching. A listener's error stays its own. */
  publish(siteId: string, responseId: string): void {
    this.afterPublish?.();
    const set = this.#bySite.get(siteId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(responseId);
      } catch {
        // A broken stream must not fail the write that already succeeded.
      }
    }
  }

  listeners(siteId: string): number {
    return this.#bySite.get(siteId)?.size ?? 0;
  }
}
