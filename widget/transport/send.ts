import type { SendResult } from '../../shared/contract.ts';
import type { SubmissionInput } from '../../shared/schema/wire.ts';

/**
 * POSTs one submission. JSON goes as text/plain so the browser sends no CORS preflight, with
 * keepalive so a send started just before the page closes still completes.
 */
export async function postSubmission(endpoint: string, submission: SubmissionInput): Promise<SendResult> {
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(submission),
      keepalive: true,
      credentials: 'omit',
    });
  } catch {
    return { ok: false, reason: 'network' };
  }
  const body = (await res.json().catch(() => null)) as
    | { id?: string; receivedAt?: number; error?: { message?: string } }
    | null;
  if (res.ok && body?.id && typeof body.receivedAt === 'number') {
    return { ok: true, ack: { id: body.id, receivedAt: body.receivedAt } };
  }
  if (res.status >= 500 || res.status === 429) return { ok: false, reason: 'server' };
  return { ok: false, reason: 'rejected', message: body?.error?.message };
}
