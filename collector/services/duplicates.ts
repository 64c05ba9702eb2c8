import { DUPLICATE_THRESHOLD, fingerprint, jaccard, shingles } from '../../shared/normalize-text.ts';
import type { WriteStatements } from '../store/write-statements.ts';

/** Candidates checked exactly per text: the index ranks them, so a true match comes first. */
const CANDIDATES = 4;

/**
 * Shingle sets of cluster samples: a flood compares every copy with the same sample, so it is
 * cut into shingles once. Keyed by the sample itself, which is all the set depends on. Bounded;
 * the oldest entries go first.
 */
const sampleShingles = new Map<string, Set<string>>();
const SAMPLE_CACHE_SIZE = 2000;

function shinglesOfSample(sample: string): Set<string> {
  let set = sampleShingles.get(sample);
  if (!set) {
    set = shingles(sample).set;
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
 * Returns undefined for texts too short (or emoji-only) to fingerprint. Runs inside the write
 * transaction, so copies arriving together still land in one cluster.
 */
export function placeInCluster(
  sql: WriteStatements,
  input: { siteId: string; text: string; now: number },
): ClusterPlacement | undefined {
  const print = fingerprint(input.text, input.siteId);
  if (!print) return undefined;
  const candidates = sql.clusterCandidates(input.siteId, print.bandKeys, CANDIDATES);
  let best: { id: number; similarity: number } | undefined;
  for (const candidate of candidates) {
    const similarity = jaccard(print.shingles, shinglesOfSample(candidate.sample));
    if (similarity >= DUPLICATE_THRESHOLD && similarity > (best?.similarity ?? 0)) best = { id: candidate.id, similarity };
  }
  if (best) return { clusterId: best.id, joined: true, size: sql.growCluster(best.id, input.now) };
  const clusterId = sql.insertCluster(
    { site_id: input.siteId, sample: print.normalized, size: 1, first_seen_at: input.now, last_seen_at: input.now },
    print.bandKeys,
  );
  return { clusterId, joined: false, size: 1 };
}
