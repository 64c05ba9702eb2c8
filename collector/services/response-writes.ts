import type { Kysely } from 'kysely';
import type { Ack } from '../../shared/schema/wire.ts';
import type { Database, NewResponse, StoredResponse } from '../store/database.ts';
import { shrinkCluster } from '../store/duplicate-clusters.ts';
import { type ResponseChanges, findResponseByKey, senderInCluster } from '../store/responses.ts';
import { placeInCluster } from './duplicates.ts';
import { insertAnalysed, updateAnalysed } from './response-analysis.ts';
import { type SpamReason, mergeReasons, parseReasons, spamScore } from './spam.ts';

// The two ways a response's row is written, both run inside a group-commit transaction: the
// text is placed in its near-duplicate cluster and the row carries its spam score.

async function scoredText(
  trx: Kysely<Database>,
  row: { id: string; site_id: string; client_id: string | null; ip_hash: string | null },
  text: string | null,
  now: number,
): Promise<{ clusterId: number | null; repeated: boolean }> {
  const placed = text ? await placeInCluster(trx, { siteId: row.site_id, text, now }) : undefined;
  if (!placed) return { clusterId: null, repeated: false };
  const repeated =
    placed.joined && (await senderInCluster(trx, placed.clusterId, { clientId: row.client_id, ipHash: row.ip_hash, exceptId: row.id }));
  return { clusterId: placed.clusterId, repeated };
}

/** Stores a new response once per idempotency key; a retry gets the original's acknowledgement. */
export async function insertScored(trx: Kysely<Database>, row: NewResponse & { ip_hash: string | null }, reasons: SpamReason[]): Promise<Ack> {
  const existing = await findResponseByKey(trx, row.site_id, row.idempotency_key);
  if (existing) return { id: existing.id, receivedAt: existing.received_at };
  const { clusterId, repeated } = await scoredText(trx, { ...row, client_id: row.client_id ?? null }, row.text ?? null, row.received_at);
  const all = repeated ? mergeReasons(reasons, ['repeated_text']) : reasons;
  await insertAnalysed(trx, { ...row, duplicate_cluster_id: clusterId, spam_reasons: JSON.stringify(all), spam_score: spamScore(all) });
  return { id: row.id, receivedAt: row.received_at };
}

/**
 * Changes a stored response (a second answer inside the recontact window, a follow-up). A new
 * text leaves its old cluster for the one it belongs to now; new spam reasons add to the old.
 */
export async function updateScored(
  trx: Kysely<Database>,
  stored: StoredResponse,
  changes: ResponseChanges & { updated_at: number },
  reasons: SpamReason[],
): Promise<void> {
  let all = mergeReasons(parseReasons(stored.spam_reasons), reasons);
  let clusterId = stored.duplicate_cluster_id;
  if (changes.text !== undefined && changes.text !== stored.text) {
    if (clusterId) await shrinkCluster(trx, clusterId);
    const placed = await scoredText(trx, stored, changes.text, changes.updated_at);
    clusterId = placed.clusterId;
    if (placed.repeated) all = mergeReasons(all, ['repeated_text']);
  }
  await updateAnalysed(trx, stored, { ...changes, duplicate_cluster_id: clusterId, spam_reasons: JSON.stringify(all), spam_score: spamScore(all) });
}
