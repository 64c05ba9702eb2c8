import { isIP } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { ClientIdSchema } from '../../shared/schema/wire.ts';
import type { IngestLimits } from '../services/rate-limits.ts';
import type { IpHasher } from '../services/ip-hash.ts';
import type { SiteEnv } from './site-cors.ts';

export type SenderEnv = { Variables: SiteEnv['Variables'] & { ipHash: string | null; ipLimitKey: string | null } };

/**
 * The client's address: with `trustProxy` = n proxies in front, the n-th X-Forwarded-For entry
 * from the right (each proxy appends the address it saw; entries further left are whatever the
 * client claimed); otherwise, or when the header does not hold that many valid entries (a request
 * that bypassed the proxies), the socket's peer, with the socket as its `connection`. Undefined
 * when there is no socket at all (app.request() in tests).
 */
export function clientAddress(c: Context, trustProxy: number): { address: string; connection?: object } | undefined {
  if (trustProxy > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim());
    const forwarded = hops.length >= trustProxy ? addressOf(hops[hops.length - trustProxy]!) : undefined;
    if (forwarded) return { address: forwarded };
  }
  try {
    const address = getConnInfo(c).remote.address;
    // The socket getConnInfo read the address from (the Node bindings, under `server` when nested).
    const env = c.env as HttpBindings & { server?: HttpBindings };
    return address ? { address, connection: (env.server ?? env).incoming.socket } : undefined;
  } catch {
    // getConnInfo reads the Node request from c.env, which only @hono/node-server provides.
    return undefined;
  }
}

/**
 * The address of an X-Forwarded-For entry. Some proxies (Azure's among them) append the port as
 * well, `203.0.113.7:50123` or `[2001:db8::7]:50123`: refused, every sender behind such a proxy
 * would fall back to the proxy's own address and share one rate limit.
 */
function addressOf(hop: string): string | undefined {
  const bare = /^\[([^\]]+)\](?::\d+)?$/.exec(hop)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop)?.[1] ?? hop;
  return isIP(bare) ? bare : undefined;
}

/**
 * For public writes: hashes the sender's address (the raw address goes no further than this
 * function) and spends a token from the address's and the site's rate limits, before the body is read.
 */
export function limitSender(deps: { hasher: IpHasher; limits: IngestLimits; trustProxy: number }): MiddlewareHandler<SenderEnv> {
  return async (c, next) => {
    const sender = clientAddress(c, deps.trustProxy);
    const hashes = sender ? await deps.hasher.hash(sender.address, sender.connection) : null;
    deps.limits.takeSender(c.get('site').id, hashes?.limit ?? null);
    c.set('ipHash', hashes?.stored ?? null);
    c.set('ipLimitKey', hashes?.limit ?? null);
    await next();
  };
}

/**
 * The client ids a public write names: the body's own, or each item's of the list under `listKey`.
 * Only well-formed ones: each becomes a rate-limit key kept in memory, and the body is not
 * validated yet, so a 60 KB "client id" would be kept too (validation refuses it later anyway).
 */
export function clientIdsOf(body: unknown, listKey?: string): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const list = listKey === undefined ? undefined : (body as Record<string, unknown>)[listKey];
  const items = Array.isArray(list) ? list : [body];
  return items.flatMap((item) => {
    const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).clientId : undefined;
    return v.is(ClientIdSchema, id) ? [id] : [];
  });
}
