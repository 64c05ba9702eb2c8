import { hash32, mix32 } from '../../../shared/normalize-text.ts';
import { BloomBits } from '../../store/bloom-bits.ts';

/**
 * A Bloom filter over a set of strings: answers "maybe" for every string of the set and "no" for
 * nearly all others, from 32 KB that stay in the CPU's cache. The lexicon and model maps hold tens
 * of thousands of entries, and a lookup that misses in one costs a few cache misses; most strings
 * the analysis asks about are in none (word pairs, joined Han tokens), and the filter turns those
 * away first. No false negatives, so asking the map only after a "maybe" gives the same answers.
 * With up to ~25,000 strings about one "maybe" in a hundred is false.
 */
export type StringFilter = BloomBits;

const BITS = 2 ** 18;
const PROBES = 3;

/** The probes' stride, from the same FNV hash (double hashing). */
const stepOf = (hash: number): number => mix32(hash ^ 0x5bd1e995) | 1;

export function stringFilter(strings: Iterable<string>): StringFilter {
  const filter = new BloomBits(BITS, PROBES);
  for (const string of strings) {
    const hash = hash32(string);
    filter.add(hash, stepOf(hash));
  }
  return filter;
}

/** False when the string is certainly not in the filter's set. */
export function mayHold(filter: StringFilter, string: string): boolean {
  const hash = hash32(string);
  return filter.mayHave(hash, stepOf(hash));
}
