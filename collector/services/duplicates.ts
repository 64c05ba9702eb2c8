import { type BandPrint, DUPLICATE_THRESHOLD, jaccardSorted, normalizedShingles, textBandPrint } from '../../shared/normalize-text.ts';
import type { WriteStatements } from '../store/write-statements.ts';

/** Candidates checked exactly per text: the index ranks them, so a true match comes first. */
const CANDIDATES = 4;

/**
 * Sorted shingle hashes of cluster samples: a flood compares every copy with the same sample, so
 * it is cut into shingles once. Keyed by the sample itself, which is all the set depends on. Bounded;
 * the oldest entries go first.
 */
const sampleShingles = new Map<string, Int32Array>();
const SAMPLE_CACHE_SIZE = 2000;

function shinglesOfSample(sample: string): Int32Array {
  let set = sampleShingles.get(sample);
  if (!set) {
    set = normalizedShingles(sample);
    if (sampleShingles.size >= SAMPLE_CACHE_SIZE) sampleShingles.delete(sampleShingles.keys().next().value!);
    sampleShingles.set(sample, set);
  }
  return set;
}

export interface ClusterPlacement {
  clusterId: number;
  /** Whether the cluster existed before this text (the text is a near-duplicate of earlier ones). */
  joined: boolean;
  /** Members now, this text included. */
  size: number;
}

/**
 * Dedupe level (c): puts a text into the near-duplicate cluster of the site it belongs to,
 * creating one when no cluster's sample is similar enough (shared/normalize-text.ts explains
 * the measure and the 0.7 threshold). Each cluster is compared through its first member's text,
 * so a chain of small edits cannot drift a cluster into unrelated texts. The lookup is bounded:
 * the LSH band index gives at most CANDIDATES clusters, ranked by shared bands, each compared
 * exactly.
 *
 * Responses point at their cluster only once it has two members: the response `responseId` is
 * to be stored with `duplicate_cluster_id = joined ? clusterId : null`. A new cluster remembers
 * its first member, and the second member's arrival links that one too. Most texts are one of a
 * kind; left unlinked, they cost no entry in the cluster indexes of `responses`.
 *
 * Returns undefined for texts too short (or emoji-only) to fingerprint. Runs inside the write
 * transaction, so copies arriving together still land in one cluster.
 */
export function placeInCluster(
  sql: WriteStatements,
  input: { siteId: string; text: string; now: number; responseId: string; prepared?: { print: BandPrint | undefined } },
): ClusterPlacement | undefined {
  // Fingerprinted before the transaction (off the event loop, services/analysis/text-analyzer.ts), or here.
  const print = input.prepared ? input.prepared.print : textBandPrint(input.text, input.siteId);
  if (!print) return undefined;
  const candidates = sql.clusterCandidates(input.siteId, print.bandKeys, CANDIDATES);
  let best: { id: number; similarity: number } | undefined;
  for (const candidate of candidates) {
    const similarity = jaccardSorted(print.sortedShingles, shinglesOfSample(candidate.sample));
    if (similarity >= DUPLICATE_THRESHOLD && similarity > (best?.similarity ?? 0)) best = { id: candidate.id, similarity };
  }
  if (best) {
    const grown = sql.growCluster(best.id, input.responseId, input.now);
    // Alone in a cluster its earlier members left: a first member, unlinked like any other.
    if (grown.size === 1) return { clusterId: best.id, joined: false, size: 1 };
    if (grown.first_response_id !== null) sql.linkMember(best.id, grown.first_response_id);
    return { clusterId: best.id, joined: true, size: grown.size };
  }
  const clusterId = sql.insertCluster(
    {
      site_id: input.siteId,
      sample: print.normalized,
      size: 1,
      first_seen_at: input.now,
      last_seen_at: input.now,
      first_response_id: input.responseId,
    },
    print.bandKeys,
  );
  return { clusterId, joined: false, size: 1 };
}

/**
 * Takes a response whose text is changing out of its cluster. A linked member is counted out by
 * the caller; an unlinked one can only be the first member of a cluster its old text started,
 * found again through that text's bands.
 */
export function leaveUnlinkedCluster(sql: WriteStatements, input: { siteId: string; oldText: string | null; responseId: string }): void {
  const print = input.oldText ? textBandPrint(input.oldText, input.siteId) : undefined;
  if (!print) return;
  const mine = sql.clusterCandidates(input.siteId, print.bandKeys, CANDIDATES).find((c) => c.first_response_id === input.responseId);
  if (mine) sql.forgetFirstMember(mine.id);
}
