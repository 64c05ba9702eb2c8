import { join } from 'node:path';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import type { ServeFile } from '../http/static-file.ts';
import { listSites } from '../store/sites.ts';

export interface AssetDirs {
  /** Built widget files (widget.js, widget-ui.js). */
  widget: string;
  /** Built admin view (index.html and assets/). */
  admin: string;
  /** The repository's examples/ folder. */
  examples: string;
}

// Short max-age so a new release reaches pages within minutes; the ETag makes revalidation cheap.
const WIDGET_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
const MISSING_BUILD = 'The widget is not built; run "npm run build" (npm start does it for you).';
const SITE_KEY_PLACEHOLDER = /%FEEDLOOP_SITE_KEY%/g;
const PUBLIC_KEY_FORMAT = /^[A-Za-z0-9_-]+$/;

/** Serves the widget, the example site and the admin view's static files. */
export function assetRoutes(db: Kysely<Database>, dirs: AssetDirs, serveFile: ServeFile) {
  const app = new Hono();

  app.get('/widget.js', (c) => serveFile(c, join(dirs.widget, 'widget.js'), { cacheControl: WIDGET_CACHE, missing: MISSING_BUILD }));
  app.get('/widget-ui.js', (c) => {
    // The loader pulls this chunk with import(), which fetches in CORS mode: without this header
    // no page on a customer's own origin could load it. A public file, read without credentials.
    c.header('Access-Control-Allow-Origin', '*');
    return serveFile(c, join(dirs.widget, 'widget-ui.js'), { cacheControl: WIDGET_CACHE, missing: MISSING_BUILD });
  });

  app.get('/examples/:name{[a-z0-9-]+}', (c) => c.redirect(`/examples/${c.req.param('name')}/`, 301));
  // Example pages paste the snippet of this collector's first site, so they work on a fresh
  // start. `?csp=strict` serves one under a strict Content-Security-Policy (no inline anything).
  app.get('/examples/:name{[a-z0-9-]+}/', async (c) => {
    const [site] = await listSites(db);
    const key = site && PUBLIC_KEY_FORMAT.test(site.public_key) ? site.public_key : '';
    if (c.req.query('csp') === 'strict') {
      c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'");
    }
    return serveFile(c, join(dirs.examples, c.req.param('name'), 'index.html'), {
      cacheControl: 'no-cache',
      transform: (html) => html.replace(SITE_KEY_PLACEHOLDER, key),
    });
  });
  app.get('/examples/:name{[a-z0-9-]+}/:file{[a-z0-9-]+\\.(js|css)}', (c) =>
    serveFile(c, join(dirs.examples, c.req.param('name'), c.req.param('file')), { cacheControl: 'no-cache' }),
  );

  app.get('/admin', (c) => c.redirect('/admin/', 301));
  // Hashed file names never change content, so they may be cached for a year.
  app.get('/admin/assets/:file', (c) =>
    serveFile(c, join(dirs.admin, 'assets', c.req.param('file').replace(/[^A-Za-z0-9._-]/g, '')), {
      cacheControl: 'public, max-age=31536000, immutable',
    }),
  );
  // The survey builder's live preview (collector/admin/preview.ts): framed only by the admin view
  // on this origin, runs only our own scripts, and may not connect anywhere, so nothing answered
  // in a preview can reach the collector's ingest.
  app.get('/admin/preview.html', (c) => {
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    );
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('Referrer-Policy', 'same-origin');
    return serveFile(c, join(dirs.admin, 'preview.html'), {
      cacheControl: 'no-cache',
      missing: 'The admin view is not built; run "npm run build" (npm start does it for you).',
    });
  });
  app.get('/admin/', (c) => {
    // base-uri and form-action are not covered by default-src: without them an injected <base> or
    // <form> could point the page's relative URLs or a submission elsewhere.
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    c.header('Referrer-Policy', 'same-origin');
    return serveFile(c, join(dirs.admin, 'index.html'), {
      cacheControl: 'no-cache',
      missing: 'The admin view is not built; run "npm run build" (npm start does it for you).',
    });
  });
  return app;
}
