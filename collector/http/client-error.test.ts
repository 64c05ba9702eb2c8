import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientError } from './client-error.ts';

let server: Server;
afterEach(() => server?.close());

/** Sends `request` as raw bytes and returns what the server wrote back. */
async function rawExchange(request: string): Promise<string> {
  server = createServer((_req, res) => res.end('ok'));
  server.on('clientError', answerClientError);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
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
});
