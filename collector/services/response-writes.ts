import type { Kysely } from 'kysely';
import type { BandPrint } from '../../shared/normalize-text.ts';
import type { Ack } from '../../shared/schema/wire.ts';
import type { Database, NewResponse, StoredResponse } from '../store/database.ts';
import { shrinkCluster } from '../store/duplicate-clusters.ts';
import type { ResponseChanges } from '../store/responses.ts';
import type { WriteStatements } from '../store/write-statements.ts';
import type { PreparedText } from './analysis/text-analyzer.ts';
import type { TagMatcher } from './auto-tags.ts';
import { leaveUnlinkedCluster, placeInCluster } from './duplicates.ts';
import { insertAnalysed, updateAnalysed } from './response-analysis.ts';
import { type SpamReason, mergeReasons, parseReasons, spamScore } from './spam.ts';

// The two ways a response's row is written, both run inside a group-commit transaction: the
// text is placed in its near-duplicate cluster and the row carries its spam score.

function scoredText(
  sql: WriteStatements,
  row: { id: string; site_id: string; client_id: string | null; ip_hash: string | null },
  text: string | null,
  now: number,
  prepared?: { print: BandPrint | undefined },
): { clusterId: number | null; size: number | null; repeated: boolean } {
  const placed = text ? placeInCluster(sql, { siteId: row.site_id, text, now, responseId: row.id, prepared }) : undefined;
  // A text that starts a cluster stays unlinked until a copy arrives (services/duplicates.ts).
  if (!placed?.joined) return { clusterId: null, size: null, repeated: false };
  const repeated = sql.senderInCluster(placed.clusterId, { clientId: row.client_id, ipHash: row.ip_hash, exceptId: row.id });
  return { clusterId: placed.clusterId, size: placed.size, repeated };
}

/**
 * Stores a new response once per idempotency key; a retry gets the original's acknowledgement.
 * Synchronous: it runs as one uninterrupted step of the group's transaction.
 */
export function insertScored(
  sql: WriteStatements,
  row: NewResponse & { ip_hash: string | null },
  reasons: SpamReason[],
  prepared: PreparedText & { tags: TagMatcher },
): Ack {
  const existing = sql.responseOfKey(row.site_id, row.idempotency_key);
  if (existing) return { id: existing.id, receivedAt: existing.received_at };
  const { clusterId, size, repeated } = scoredText(sql, { ...row, client_id: row.client_id ?? null }, row.text ?? null, row.received_at, prepared);
  const all = repeated ? mergeReasons(reasons, ['repeated_text']) : reasons;
  insertAnalysed(sql, { ...row, duplicate_cluster_id: clusterId, spam_reasons: JSON.stringify(all), spam_score: spamScore(all) }, { ...prepared, duplicateCount: size });
  return { id: row.id, receivedAt: row.received_at };
}

/**
 * Changes a stored response (a second answer inside the recontact window, a follow-up). A new
 * text leaves its old cluster for the one it belongs to now; new spam reasons add to the old.
 */
export async function updateScored(
  trx: Kysely<Database>,
  sql: WriteStatements,
  stored: StoredResponse,
  changes: ResponseChanges & { updated_at: number },
  reasons: SpamReason[],
): Promise<void> {
  let all = mergeReasons(parseReasons(stored.spam_reasons), reasons);
  let clusterId = stored.duplicate_cluster_id;
  if (changes.text !== undefined && changes.text !== stored.text) {
    if (clusterId) await shrinkCluster(trx, clusterId, stored.id);
    else leaveUnlinkedCluster(sql, { siteId: stored.site_id, oldText: stored.text, responseId: stored.id });
    const placed = scoredText(sql, stored, changes.text, changes.updated_at);
    clusterId = placed.clusterId;
    if (placed.repeated) all = mergeReasons(all, ['repeated_text']);
  }
  await updateAnalysed(trx, stored, { ...changes, duplicate_cluster_id: clusterId, spam_reasons: JSON.stringify(all), spam_score: spamScore(all) });
}
