import type { Kysely } from 'kysely';
import type { TagReapplyStatus, TagRuleItem } from '../../shared/schema/admin-api.ts';
import type { Database, TagRule } from '../store/database.ts';
import { countSiteResponses, type ResponsePosition, siteTextsAfter } from '../store/responses.ts';
import {
  clearReapplyPending,
  deleteTagRule,
  findTagRule,
  insertTagRule,
  listTagRules,
  markReapplyPending,
  replaceAutoTags,
  sitesAwaitingReapply,
  tagsOf,
} from '../store/tags.ts';
import { AppError } from './app-error.ts';
import { tagMatcher } from './auto-tags.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { useTagRules } from './response-analysis.ts';

export interface TagRuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
  reapplier: TagReapplier;
}

/** Responses re-tagged per transaction: short enough that ingest never waits long behind one. */
const BATCH = 500;
/** After a failed run (the database busy or closing), the next try. */
const RETRY_MS = 5_000;

export function toRuleItem(rule: TagRule): TagRuleItem {
  return { id: rule.id, pattern: rule.pattern, tag: rule.tag, createdAt: rule.created_at };
}

const IDLE: TagReapplyStatus = { state: 'idle', done: 0, total: 0, changed: 0, startedAt: null, finishedAt: null };

/**
 * Re-applies a site's tag rules to every response it already has, in the background, after a
 * rule is added or removed: a site with a million responses takes a while, and no admin request
 * should wait on that (or time out behind a proxy). One run per site at a time; a rule change
 * during a run starts it over once the current batch is done, with the rules as they are then.
 * Each batch is one short transaction, and the event loop serves requests between batches.
 * Only responses whose auto-tags change are written. New responses get the rules at ingest.
 */
export class TagReapplier {
  readonly #status = new Map<string, TagReapplyStatus>();
  /** Sites whose rules changed while their run was under way. */
  readonly #again = new Set<string>();
  readonly #runs = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  status(siteId: string): TagReapplyStatus {
    return this.#status.get(siteId) ?? IDLE;
  }

  /** The site's rules changed: (re)start its run. */
  request(siteId: string): void {
    if (this.#runs.has(siteId)) {
      this.#again.add(siteId);
      return;
    }
    // Running from now on (its total is counted in a moment): whoever asks next sees the run.
    this.#status.set(siteId, { state: 'running', done: 0, total: 0, changed: 0, startedAt: this.clock.now(), finishedAt: null });
    const run = this.#run(siteId).finally(() => this.#runs.delete(siteId));
    this.#runs.set(siteId, run);
  }

  /** Starts again the runs a restart or crash cut short (their sites are still marked). */
  async resume(): Promise<void> {
    try {
      for (const siteId of await sitesAwaitingReapply(this.db)) this.request(siteId);
    } catch (error) {
      console.error('could not read which sites await re-tagging:', error);
    }
  }

  /** Resolves once no run is under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#runs.size > 0) await Promise.all(this.#runs.values());
  }

  async #run(siteId: string): Promise<void> {
    try {
      do {
        this.#again.delete(siteId);
        await this.#pass(siteId);
      } while (this.#again.has(siteId));
    } catch (error) {
      console.error(`re-applying the tag rules of site ${siteId} failed; trying again in ${RETRY_MS / 1000} s:`, error);
      this.#status.set(siteId, { ...this.status(siteId), state: 'idle', finishedAt: null });
      setTimeout(() => this.request(siteId), RETRY_MS).unref();
    }
  }

  async #pass(siteId: string): Promise<void> {
    const matcher = tagMatcher(await listTagRules(this.db, siteId));
    const status: TagReapplyStatus = {
      state: 'running',
      done: 0,
      total: await countSiteResponses(this.db, siteId),
      changed: 0,
      startedAt: this.clock.now(),
      finishedAt: null,
    };
    this.#status.set(siteId, status);
    let after: ResponsePosition | null = null;
    for (;;) {
      // Rules changed meanwhile: this pass's matcher is out of date, start over.
      if (this.#again.has(siteId)) return;
      const batch = await siteTextsAfter(this.db, siteId, after, BATCH);
      if (batch.length === 0) break;
      const last = batch[batch.length - 1]!;
      after = { receivedAt: last.received_at, id: last.id };
      status.changed += await this.db.transaction().execute(async (trx) => {
        const current = await tagsOf(trx, batch.map((r) => r.id));
        let changed = 0;
        for (const row of batch) {
          const want = matcher.tagsFor(row.text);
          const have = (current.get(row.id) ?? []).filter((t) => t.source === 'auto').map((t) => t.tag);
          if (want.length === have.length && want.every((tag) => have.includes(tag))) continue;
          await replaceAutoTags(trx, row.id, want);
          changed++;
        }
        return changed;
      });
      // Responses stored during the run are counted as they are met (they already had the rules).
      status.done += batch.length;
      status.total = Math.max(status.total, status.done);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Done with the rules as they were at the start; a change since then keeps its mark.
    if (!this.#again.has(siteId)) await clearReapplyPending(this.db, siteId, status.startedAt!);
    Object.assign(status, { state: 'idle', finishedAt: this.clock.now() });
  }
}

export async function createTagRule(deps: TagRuleDeps, siteId: string, body: { pattern: string; tag: string }): Promise<TagRule> {
  const existing = await findTagRule(deps.db, siteId, body.pattern, body.tag);
  if (existing) return existing;
  const rule: TagRule = { id: deps.ids.next('tgr'), site_id: siteId, pattern: body.pattern, tag: body.tag, created_at: deps.clock.now() };
  // The mark commits with the rule: if the process stops before the run is through, the next
  // start finishes it (TagReapplier.resume).
  const outcome = await deps.db.transaction().execute(async (trx) => {
    // The same rule sent twice at once: both found none above, and the second answers with the
    // first's rule, not with an id that was never stored.
    if (!(await insertTagRule(trx, rule))) return { twin: await findTagRule(trx, siteId, body.pattern, body.tag) };
    await markReapplyPending(trx, siteId, deps.clock.now());
    return { rules: await listTagRules(trx, siteId) };
  });
  if (!outcome.rules) return outcome.twin ?? rule;
  // At once, with no await since the commit: a response written from now on is tagged by these.
  useTagRules(siteId, outcome.rules);
  deps.reapplier.request(siteId);
  return rule;
}

export async function removeTagRule(deps: TagRuleDeps, siteId: string, ruleId: string): Promise<void> {
  const rules = await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteTagRule(trx, siteId, ruleId))) return undefined;
    await markReapplyPending(trx, siteId, deps.clock.now());
    return listTagRules(trx, siteId);
  });
  if (!rules) throw new AppError('not_found', `No tag rule ${ruleId.slice(0, 64)} on this site.`);
  // At once, with no await since the commit: a response written from now on is tagged by these.
  useTagRules(siteId, rules);
  deps.reapplier.request(siteId);
}
