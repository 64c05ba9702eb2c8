import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { AppError } from '../services/app-error.ts';

/** Rejects bodies over `maxBytes` before they are read into memory (413). */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${maxBytes} bytes; send less text.`);
  const streamed = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    // With a Content-Length (what browsers send) the header decides: Node's parser never
    // delivers more bytes than it says. Hono's bodyLimit would first touch `c.req.raw.body`,
    // which makes @hono/node-server build a full web Request and stream the body through it,
    // costing more than everything else an ingest request does before its write.
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number(length) > maxBytes) throw tooLarge();
    await next();
  };
}

const JSON_TYPES = ['application/json', 'text/plain'];
// Fatal: a lenient decoder turns bytes that are not UTF-8 (a Latin-1 "é", say) into U+FFFD, and
// the customer's text would be stored mangled under a 200. A leading BOM is still dropped.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the body as text and parses it as JSON. `text/plain` is accepted on purpose: the widget
 * sends JSON as text/plain so browsers skip the CORS preflight, and sendBeacon can carry it.
 * (Hono's json validator ignores text/plain bodies, which is why we parse here ourselves.)
 */
export async function readJson(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.includes(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type application/json or text/plain.');
  }
  // Node hands over the bytes as they came: a compressed body would be parsed as if it were
  // plain, and decoding it here would open the door to zip bombs. Browsers never compress requests.
  const coding = (c.req.header('content-encoding') || 'identity').trim().toLowerCase();
  const transfer = (c.req.header('transfer-encoding') || 'chunked').split(',').map((t) => t.trim().toLowerCase());
  if (coding !== 'identity' || transfer.some((t) => t !== 'chunked')) {
    throw new AppError('unsupported_media_type', 'Send the body uncompressed: no Content-Encoding, no Transfer-Encoding but chunked.');
  }
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new AppError('invalid_json', 'The body is not valid UTF-8; JSON must be sent as UTF-8.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The body is not valid JSON.');
  }
  // Every body of this API is an object. valibot's object schemas take an array as one (it is an
  // object to `typeof`), so `[]` would pass as an object with every field left out.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('validation_failed', 'The body must be a JSON object ({…}), not an array, a string, a number or null.', { field: '' });
  }
  if (SURROGATE_ESCAPE.test(text) && holdsLoneSurrogate(json)) {
    throw new AppError('validation_failed', 'The body holds text that is not valid Unicode (a lone surrogate); send well-formed text.');
  }
  return json;
}

// A lone UTF-16 surrogate cannot be written as UTF-8: SQLite would store mangled bytes instead of
// what was sent, so such text is refused. Decoding the body already refused bad UTF-8 bytes, so
// a lone surrogate can only come from a \uD800–\uDFFF escape, and only then is the value walked.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Walks strings and keys without recursion: a deeply nested body must not overflow the stack. */
function holdsLoneSurrogate(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (LONE_SURROGATE.test(next)) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) pending.push(key, item);
    }
  }
  return false;
}

/** Validates with a valibot schema; failures become 422 naming the first offending field. */
export function validate<const S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issues = result.issues.slice(0, 20).map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    message: issue.message,
  }));
  const first = issues[0]!;
  const where = first.path ? `${first.path}: ` : '';
  throw new AppError('validation_failed', `${where}${first.message}`, { field: first.path, issues });
}
