import { Hono } from 'hono';
import type { Config } from './config.ts';
import { handleError, handleNotFound } from './http/errors.ts';
import { createFileServer } from './http/static-file.ts';
import { adminApiRoutes } from './routes/admin-api.ts';
import { type AssetDirs, assetRoutes } from './routes/assets.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { type TextAnalyzer, inProcessAnalyzer } from './services/analysis/text-analyzer.ts';
import type { Clock, Ids } from './services/clock-ids.ts';
import { IpHasher } from './services/ip-hash.ts';
import { LiveFeed } from './services/live.ts';
import { type LoadProbe, neverBusy } from './services/loop-load.ts';
import { type BacklogRunner, inProcessBacklog } from './services/analysis-backlog.ts';
import { AnalysisCatchUp } from './services/analysis-catch-up.ts';
import { SearchIndexer } from './services/search.ts';
import { TagReapplier } from './services/tag-rules.ts';
import { LoginGuard } from './services/login-guard.ts';
import { IngestLimits } from './services/rate-limits.ts';
import { BurstWatch } from './services/spam.ts';
import type { Store } from './store/open.ts';

export interface AppDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  config: Pick<Config, 'publicUrl' | 'maxBodyBytes' | 'cookieSecure' | 'trustProxy' | 'rateLimits'>;
  assets: AssetDirs;
  /** Where ingest analyses texts; in-process unless given (main.ts gives it a thread). */
  analyzer?: TextAnalyzer;
  /**
   * When the collector counts as saturated, so texts are stored first and analysed right after
   * (services/analysis-catch-up.ts); never unless given (main.ts measures its event loop).
   */
  analysisLoad?: LoadProbe;
  /** Where texts stored without their analysis get it; on the event loop unless given (main.ts gives it a thread). */
  backlog?: BacklogRunner;
  /** Heartbeat of the admin live stream; tests shorten it. */
  liveHeartbeatMs?: number;
}

/** The whole collector as a value: main.ts serves it, tests call app.request() on it. */
export function createApp(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.route('/', healthRoutes(db));
  // Stored responses are announced here and streamed to the admin view (one set per process);
  // each announcement also has the search index catch up in the background.
  const indexer = new SearchIndexer(db);
  indexer.kick();
  const live = new LiveFeed(() => indexer.kick());
  // Texts stored without their analysis (under saturation, or before this collector) get it in
  // the background; the live stream shows each row again with it.
  const analyzer = deps.analyzer ?? inProcessAnalyzer;
  const catchUp = new AnalysisCatchUp({
    runner: deps.backlog ?? inProcessBacklog(deps.store),
    load: deps.analysisLoad ?? neverBusy,
    onAnalysed: (siteId, responseId) => live.publish(siteId, responseId),
  });
  catchUp.kick();
  // Rule changes re-tag old responses in the background; a run a restart cut short starts again.
  const reapplier = new TagReapplier(db, deps.clock);
  void reapplier.resume();
  // Senders' addresses are hashed with a salt per day; days before yesterday are deleted at midnight.
  const hasher = new IpHasher(db, deps.clock);
  hasher.startSaltPruning();
  // Rate limits and burst counts live in this app's memory: one set per collector process.
  app.route(
    '/v1',
    ingestRoutes(
      {
        db,
        writes: deps.store.writes,
        clock: deps.clock,
        ids: deps.ids,
        bursts: new BurstWatch(deps.clock),
        analyzer,
        catchUp,
      },
      {
        maxBodyBytes: deps.config.maxBodyBytes,
        trustProxy: deps.config.trustProxy,
        hasher,
        limits: new IngestLimits(deps.config.rateLimits, deps.clock),
        live,
      },
    ),
  );
  app.route(
    '/admin/api',
    adminApiRoutes({
      db,
      clock: deps.clock,
      ids: deps.ids,
      publicUrl: deps.config.publicUrl,
      cookieSecure: deps.config.cookieSecure,
      live,
      liveHeartbeatMs: deps.liveHeartbeatMs,
      reapplier,
      guard: new LoginGuard(deps.clock),
      hasher,
      trustProxy: deps.config.trustProxy,
    }),
  );
  app.route('/', assetRoutes(db, deps.assets, createFileServer()));
  app.get('/', (c) => c.redirect('/admin/'));
  return app;
}

export type App = ReturnType<typeof createApp>;
