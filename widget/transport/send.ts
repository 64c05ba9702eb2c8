import type { SendResult } from '../../shared/contract.ts';

/**
 * POSTs JSON as text/plain, so the browser sends no CORS preflight, with keepalive so a send
 * started just before the page closes still completes. Never throws.
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
    const retryAfter = Number(res.headers.get('Retry-After'));
    return { result: { ok: false, reason: 'server' }, retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined };
  }
  return { result: { ok: false, reason: 'rejected', message: data?.error?.message } };
}
