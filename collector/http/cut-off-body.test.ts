import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ORIGIN, type TestContext, createTestContext } from '../../test/helpers/context.ts';

let ctx: TestContext;
let server: ReturnType<typeof serve>;
/** The app's answers, to wait for the one a cut-off request gets. */
let answers: Array<Response | Promise<Response>>;

beforeEach(async () => {
  ctx = await createTestContext();
  answers = [];
  server = serve({ fetch: (req, env) => answers[answers.push(ctx.app.fetch(req, env)) - 1]!, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
});

afterEach(async () => {
  vi.restoreAllMocks();
  server.close();
  await ctx.close();
});

/** Sends the head of a request and part of its body over a real socket, then hangs up. */
async function hangUpMidBody(head: string, part: string): Promise<Response> {
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(`${head}\r\n\r\n${part}`);
  await vi.waitFor(() => expect(answers).toHaveLength(1));
  socket.destroy();
  return await answers[0]!;
}

describe('a client that hangs up mid-body', () => {
  const path = () => `/v1/responses?site=${ctx.site.public_key}`;

  it.each([
    ['with a Content-Length', 'Content-Length: 500'],
    ['chunked', 'Transfer-Encoding: chunked'],
  ])('(%s) is no unhandled error and stores nothing', async (_what, framing) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const head = `POST ${path()} HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nContent-Type: text/plain\r\n${framing}`;
    const part = framing.startsWith('Transfer') ? '8\r\n{"kind":\r\n' : '{"kind":';
    const res = await hangUpMidBody(head, part);
    expect(res.status).toBe(400);
    expect(logged).not.toHaveBeenCalled();
    expect(ctx.store.sqlite.prepare('select count(*) as n from responses').get()).toEqual({ n: 0 });
  });
});
