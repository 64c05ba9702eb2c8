import type { Browser } from 'playwright-core';
import { ADMIN_ENV, type AdminClient, signIn } from './admin-api.ts';
import { type HostPage, type HostSite, startHostSite } from './host-site.ts';
import { allowOrigin } from './sqlite.ts';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

export interface World {
  collector: RunningCollector;
  admin: AdminClient;
  host: HostSite;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * What most browser test files need: the real collector, a signed-in admin client, a customer
 * site on another origin that the site allows, and Chromium.
 */
export async function startWorld(opts: { render?(url: URL): HostPage; dataDir?: string; port?: number } = {}): Promise<World> {
  const collector = await startCollector(ADMIN_ENV, opts.dataDir, opts.port);
  const admin = await signIn(collector);
  const host = await startHostSite({ collectorUrl: collector.url, siteKey: admin.site.publicKey, render: opts.render });
  allowOrigin(collector.dataDir, admin.site.id, host.origin);
  const browser = await launchBrowser();
  return {
    collector,
    admin,
    host,
    browser,
    close: async () => {
      await browser.close();
      await host.close();
      await collector.stop();
    },
  };
}
