import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningCollector, startCollector } from '../test/e2e/support.ts';

let running: RunningCollector | undefined;
afterAll(() => running?.stop());

/** Sends `bytes` and never finishes the request; resolves with what came back and when the socket closed. */
async function stall(port: number, bytes: string): Promise<{ answer: string; afterMs: number }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const start = Date.now();
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
  socket.write(bytes);
  await once(socket, 'close');
  return { answer, afterMs: Date.now() - start };
}

describe('requests that never finish arriving (slow-loris)', () => {
  it('are cut off within seconds, not minutes, unanswered', { timeout: 90_000 }, async () => {
    running = await startCollector();
    const siteKey = /data-site="(pk_[A-Za-z0-9_-]+)"/.exec(running.output())![1]!;
    const [headers, body] = await Promise.all([
      stall(running.port, 'GET /v1/config HTTP/1.1\r\nHost: x\r\nX-Slow: '),
      stall(running.port, `POST /v1/responses?site=${siteKey} HTTP/1.1\r\nHost: x\r\nOrigin: ${running.url}\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n{"kind":`),
    ]);
    // 10 s for the headers, 20 s for the whole request, each checked once a second.
    expect(headers.afterMs).toBeLessThan(12_000);
    expect(body.afterMs).toBeLessThan(22_000);
    // No 4xx the widget would take as final; a dropped connection it sends again.
    expect(headers.answer).toBe('');
    expect(body.answer).toBe('');
    expect(running.output()).not.toContain('unhandled error');
  });
});
