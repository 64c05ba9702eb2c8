import type { Duplex } from 'node:stream';
import { ERROR_STATUS } from '../../shared/schema/errors.ts';

const REASONS = { [ERROR_STATUS.bad_request]: 'Bad Request', [ERROR_STATUS.headers_too_large]: 'Request Header Fields Too Large' };

/**
 * The answer to a request Node's HTTP parser refuses before any route sees it (a request line or
 * headers past its limit, a malformed header): the JSON error every other 4xx has, where Node
 * would send an empty 400 or 431. For the server's 'clientError' event.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A peer that went away has nothing to read an answer with. A request too slow to arrive
  // (Node's headersTimeout / requestTimeout) is cut off unanswered: the widget retries a dropped
  // connection, but takes any 4xx but 429 as final and would drop the visitor's message. And once
  // an answer has started on this socket (a pipelined request went bad behind it), bytes written
  // now would land inside that answer.
  if (error.code === 'ECONNRESET' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || !socket.writable || answerStarted(socket)) {
    socket.destroy();
    return;
  }
  const code = error.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'bad_request';
  const message =
    code === 'headers_too_large'
      ? 'The request line or its headers are too long; send a shorter address and fewer headers.'
      : 'The request is not well-formed HTTP.';
  const body = JSON.stringify({ error: { code, message } });
  const status = ERROR_STATUS[code];
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Whether Node has begun writing a response on this socket (what its own default handler checks). */
function answerStarted(socket: Duplex): boolean {
  return (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
}
