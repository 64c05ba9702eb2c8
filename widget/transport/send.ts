import type { SendResult } from '../../shared/contract.ts';

/**
 * POSTs JSON as text/plain (a string body's default type), so the browser sends no CORS
 * preflight, with keepalive so a send started just before the page closes still completes. A
 * request with no answer after 20 s counts as a network failure: a hung connection must not leave
 * the visitor on "Sending…" and the outbox stuck for the rest of the page view (the resend carries
 * the same idempotency key). Never throws. `retryAfter`: the seconds a
 * 408, 429 or 5xx asks to wait (0 without a usable Retry-After).
 */
export async function postJson(url: string, body: unknown): Promise<{ result: SendResult; retryAfter?: number }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(body),
      keepalive: true,
      credentials: 'omit',
      // Optional: Safari before 16 has no AbortSignal.timeout, and sends without one.
      signal: AbortSignal.timeout?.(2e4),
    });
  } catch {
    return { result: { ok: false, reason: 'network' } };
  }
  const data = (await res.json().catch(() => null)) as
    | { id?: string; receivedAt?: number; results?: unknown; error?: { message?: string } }
    | null;
  // A 2xx whose body was cut off (or never came) is still stored: the ack's fields then stay empty.
  if (res.ok) return { result: { ok: true, ack: { id: '', receivedAt: 0, ...data } } };
  // 408: a proxy in front of the collector gave up waiting for the body; nothing was stored.
  if (res.status >= 500 || res.status === 429 || res.status === 408) {
    // No header (null), an HTTP date or garbage read as 0: the backoff alone decides. At most an
    // hour (written out: a named constant costs the loader bytes): a timer past ~24 days fires at once.
    return { result: { ok: false, reason: 'server' }, retryAfter: Math.min(Number(res.headers.get('Retry-After')) || 0, 3600) };
  }
  return { result: { ok: false, reason: 'rejected', message: data?.error?.message } };
}
