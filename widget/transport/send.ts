import type { SendResult } from '../../shared/contract.ts';

/** The longest wait a Retry-After may ask for, in seconds: a timer past ~24 days would fire at once. */
const MAX_RETRY_AFTER = 3600;

/**
 * POSTs JSON as text/plain, so the browser sends no CORS preflight, with keepalive so a send
 * started just before the page closes still completes. Never throws. `retryAfter`: the seconds a
 * 429 or 5xx asks to wait (0 without a usable Retry-After).
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
  if (res.status >= 500 || res.status === 429) {
    // No header (null), an HTTP date or garbage read as 0: the backoff alone decides.
    return { result: { ok: false, reason: 'server' }, retryAfter: Math.min(Number(res.headers.get('Retry-After')) || 0, MAX_RETRY_AFTER) };
  }
  return { result: { ok: false, reason: 'rejected', message: data?.error?.message } };
}
