import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Context } from 'hono';
import { AppError } from '../services/app-error.ts';
import { etagMatches } from './etag.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface Cached {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
}

/**
 * Serves small built files from memory with a strong ETag, re-reading a file only when it
 * changes on disk, so a rebuild is picked up without a restart.
 */
export function createFileServer() {
  const cache = new Map<string, Cached>();

  function load(path: string): Cached | undefined {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit;
    const body = readFileSync(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry = { mtimeMs: stat.mtimeMs, size: stat.size, body, etag };
    cache.set(path, entry);
    return entry;
  }

  return function serveFile(
    c: Context,
    path: string,
    opts: { cacheControl: string; transform?: (text: string) => string; missing?: string },
  ): Response {
    const file = load(path);
    if (!file) {
      throw new AppError('not_found', opts.missing ?? `Nothing at ${c.req.path}.`);
    }
    c.header('Cache-Control', opts.cacheControl);
    c.header('X-Content-Type-Options', 'nosniff');
    if (opts.transform) {
      c.header('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
      return c.body(opts.transform(file.body.toString('utf8')));
    }
    c.header('ETag', file.etag);
    if (etagMatches(c.req.header('if-none-match'), file.etag)) return c.body(null, 304);
    c.header('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
    return c.body(new Uint8Array(file.body));
  };
}

export type ServeFile = ReturnType<typeof createFileServer>;
