import { Hono } from 'hono';
import type { Config } from './config.ts';
import { handleError, handleNotFound } from './http/errors.ts';
import { createFileServer } from './http/static-file.ts';
import { adminApiRoutes } from './routes/admin-api.ts';
import { type AssetDirs, assetRoutes } from './routes/assets.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';
import type { Clock, Ids } from './services/clock-ids.ts';
import type { Store } from './store/open.ts';

export interface AppDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  config: Pick<Config, 'publicUrl' | 'maxBodyBytes' | 'cookieSecure'>;
  assets: AssetDirs;
}

/** The whole collector as a value: main.ts serves it, tests call app.request() on it. */
export function createApp(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.route('/', healthRoutes(db));
  app.route('/v1', ingestRoutes({ db, clock: deps.clock, ids: deps.ids }, { maxBodyBytes: deps.config.maxBodyBytes }));
  app.route(
    '/admin/api',
    adminApiRoutes({ db, clock: deps.clock, ids: deps.ids, publicUrl: deps.config.publicUrl, cookieSecure: deps.config.cookieSecure }),
  );
  app.route('/', assetRoutes(db, deps.assets, createFileServer()));
  app.get('/', (c) => c.redirect('/admin/'));
  return app;
}

export type App = ReturnType<typeof createApp>;
