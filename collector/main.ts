import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { answerClientError } from './http/client-error.ts';
import { ConfigError, loadConfig } from './config.ts';
import { ensureDefaults } from './services/bootstrap.ts';
import { threadAnalyzer, warmUpPrepare } from './services/analysis/text-analyzer.ts';
import { threadBacklog } from './services/analysis-backlog-thread.ts';
import { randomIds, systemClock } from './services/clock-ids.ts';
import { LoopLoad } from './services/loop-load.ts';
import { setIngestAnalysis } from './services/response-analysis.ts';
import { snippetFor } from './services/snippet.ts';
import { DataDirInUse, lockDataDir } from './store/instance-lock.ts';
import { StoreRefused, openStore } from './store/open.ts';

// The only file that reads the environment and listens on a port.
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

// A request must arrive whole in time, or its connection is cut (a slow-loris holds a socket
// with a trickle of bytes). Node's defaults allow 60 s for the headers and 300 s for the body,
// checked every 30 s; a widget body is at most MAX_BODY_BYTES, sent at once.
const SLOW_REQUEST_LIMITS = { headersTimeout: 10_000, requestTimeout: 20_000, connectionsCheckingInterval: 1_000 };

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  setIngestAnalysis(config.analysis);
  const lock = lockDataDir(resolve(config.dataDir));
  const file = join(resolve(config.dataDir), 'feedloop.sqlite');
  const store = await openStore(file, { checkpointThread: true });
  const boot = await ensureDefaults(store, config, { clock: systemClock, ids: randomIds });
  // Off when ANALYSIS=off: no thread to start for analyses that will not run. Both threads start
  // now and warm their analysis (services/analysis/warm-up.ts) while the collector is still idle.
  const analyzer = config.analysis ? threadAnalyzer({ warm: true }) : undefined;
  const backlog = config.analysis ? threadBacklog(file, { warm: true }) : undefined;
  const app = createApp({
    store,
    analyzer,
    analysisLoad: new LoopLoad(),
    backlog,
    clock: systemClock,
    ids: randomIds,
    config,
    assets: { widget: join(root, 'dist/widget'), admin: join(root, 'dist/admin'), examples: join(root, 'examples') },
  });

  // An HTTP/1.1 server: serve() makes one unless told to make an HTTP/2 one.
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: SLOW_REQUEST_LIMITS }, (info) => {
    const lines = [
      `Feedloop collector listening on http://${config.host}:${info.port}`,
      `  database:  ${file}`,
      `  admin:     ${config.publicUrl}/admin/`,
      `  example:   ${config.publicUrl}/examples/basic/`,
      `  snippet:   ${snippetFor(config.publicUrl, boot.site.public_key)}`,
    ];
    if (boot.createdAdmin) {
      lines.push(`  admin account created: ${boot.createdAdmin.email}`);
      if (boot.createdAdmin.generated) {
        lines.push(`  one-time admin password: ${boot.createdAdmin.password}   (shown only now; set ADMIN_PASSWORD to choose it)`);
      }
    }
    console.log(lines.join('\n'));
    // The event loop analyses a text that comes alone, and fingerprints every text: warm that too,
    // in slices between the requests that come meanwhile.
    warmUpPrepare(config.analysis).catch((error: unknown) => console.error('the analysis warm-up failed:', error));
  }) as Server;
  // Requests Node's parser refuses never reach a route: they get the JSON error format too.
  server.on('clientError', answerClientError);

  // Shutdown: no new connections; each request in flight is answered (its write committed and
  // fsynced first) with Connection: close, idle keep-alive connections are closed, and once none
  // is left the store drains and closes. Without this, clients that keep their connections busy
  // were served on and on, and the process then exited without closing the store.
  let closing = false;
  server.on('request', (_req, res) => {
    if (closing) res.shouldKeepAlive = false;
  });
  const shutdown = () => {
    if (closing) return;
    closing = true;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      // The catch-up thread's connection first: the last connection to close checkpoints the WAL away.
      void Promise.resolve(backlog?.close())
        .then(() => Promise.all([store.close(), analyzer?.close()]))
        .then(() => lock.release())
        .then(() => process.exit(0));
    };
    server.close(finish);
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    // A request that will not end (a live admin feed, a stalled upload) does not hold the exit up.
    setTimeout(() => {
      server.closeAllConnections();
      finish();
    }, 5000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof DataDirInUse || err instanceof StoreRefused ? err.message : err);
  process.exit(1);
});
