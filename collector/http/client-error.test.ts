import { type RequestListener, type Server, type ServerOptions, createServer } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientError } from './client-error.ts';

let server: Server;
afterEach(() => server?.close());

/**
 * Sends `request` as raw bytes (and `later`, once the first bytes of an answer are back) and
 * returns what the server wrote before closing.
 */
async function rawExchange(
  request: string,
  options: ServerOptions = {},
  handle: RequestListener = (req, res) => req.resume().on('end', () => res.end('ok')),
  later?: string,
): Promise<string> {
  server = createServer(options, handle);
  server.on('clientError', answerClientError);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => {
    if (answer === '' && later) socket.write(later);
    answer += chunk;
  });
  socket.write(request);
  await once(socket, 'close');
  return answer;
}

describe('requests Node refuses before routing', () => {
  it('answers an overlong request line with a JSON 431', async () => {
    const answer = await rawExchange(`POST /v1/responses/${'k'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('Content-Type: application/json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'headers_too_large' } });
  });

  it('answers a malformed header with a JSON 400', async () => {
    const answer = await rawExchange('POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('cuts off a request too slow to arrive without an answer the widget would take as final', async () => {
    // Headers in time, then a body that never ends: a slow-loris, or a visitor on a dying network.
    const timeouts = { requestTimeout: 300, headersTimeout: 200, connectionsCheckingInterval: 50 };
    const answer = await rawExchange('POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"kind":', timeouts);
    expect(answer).toBe('');
  });

  it('writes nothing into an answer already under way when a request behind it is malformed', async () => {
    // A streamed answer (the admin live feed, say) has its head out when garbage arrives behind its request.
    const streaming: RequestListener = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    };
    const answer = await rawExchange('GET /live HTTP/1.1\r\nHost: x\r\n\r\n', {}, streaming, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).not.toContain('HTTP/1.1 400');
  });
});
