import type { SendResult } from '../../shared/contract.ts';

/**
 * POSTs JSON as text/plain, so the browser sends no CORS preflight, with keepalive so a send
 * started just before the page closes still completes. Never throws. `retryAfter`: the seconds a
 * 408, 429 or 5xx asks to wait (0 without a usable Retry-After).
 */
export async function postJson(url: string, body: unknown): Promise<{ result: SendResult; retryAfter?: number }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(body),
      keepalive: true,
      credentials: 'omit',
    });
  } catch {
    return { result: { ok: false, reason: 'network' } };
  }
  const data = (await res.json().catch(() => null)) as
    | { id?: string; receivedAt?: number; results?: unknown; error?: { message?: string } }
    | null;
  if (res.ok) return { result: { ok: true, ack: { id: data?.id ?? '', receivedAt: data?.receivedAt ?? 0 } } };
  // 408: a proxy in front of the collector gave up waiting for the body; nothing was stored.
  if (res.status >= 500 || res.status === 429 || res.status === 408) {
    // No header (null), an HTTP date or garbage read as 0: the backoff alone decides. At most an
    // hour (written out: a named constant costs the loader bytes): a timer past ~24 days fires at once.
    return { result: { ok: false, reason: 'server' }, retryAfter: Math.min(Number(res.headers.get('Retry-After')) || 0, 3600) };
  }
  return { result: { ok: false, reason: 'rejected', message: data?.error?.message } };
}
