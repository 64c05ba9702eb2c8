import type { Duplex } from 'node:stream';
import { ERROR_STATUS } from '../../shared/schema/errors.ts';

const REASONS = { [ERROR_STATUS.bad_request]: 'Bad Request', [ERROR_STATUS.headers_too_large]: 'Request Header Fields Too Large' };

/**
 * The answer to a request Node's HTTP parser refuses before any route sees it (a request line or
 * headers past its limit, a malformed header): the JSON error every other 4xx has, where Node
 * would send an empty 400 or 431. For the server's 'clientError' event.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A peer that went away has nothing to read an answer with.
  if (error.code === 'ECONNRESET' || !socket.writable) {
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
