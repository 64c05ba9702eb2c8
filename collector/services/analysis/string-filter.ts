import { hash32, mix32 } from '../../../shared/normalize-text.ts';

/**
 * A Bloom filter over a set of strings: answers "maybe" for every string of the set and "no" for
 * nearly all others, from 32 KB that stay in the CPU's cache. The lexicon and model maps hold tens
 * of thousands of entries, and a lookup that misses in one costs a few cache misses; most strings
 * the analysis asks about are in none (word pairs, joined Han tokens), and the filter turns those
 * away first. No false negatives, so asking the map only after a "maybe" gives the same answers.
 * With up to ~25,000 strings about one "maybe" in a hundred is false.
 */
export type StringFilter = Int32Array;

const BITS = 2 ** 18;
const PROBES = 3;

/** The filter's bit numbers of a string: double hashing from one FNV hash. */
const bitOf = (hash: number, step: number, probe: number): number => (hash + Math.imul(probe, step)) & (BITS - 1);
const stepOf = (hash: number): number => mix32(hash ^ 0x5bd1e995) | 1;

export function stringFilter(strings: Iterable<string>): StringFilter {
  const filter = new Int32Array(BITS / 32);
  for (const string of strings) {
    const hash = hash32(string);
    const step = stepOf(hash);
    for (let probe = 0; probe < PROBES; probe++) {
      const bit = bitOf(hash, step, probe);
      filter[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
  return filter;
}

/** False when the string is certainly not in the filter's set. */
export function mayHold(filter: StringFilter, string: string): boolean {
  const hash = hash32(string);
  const step = stepOf(hash);
  for (let probe = 0; probe < PROBES; probe++) {
    const bit = bitOf(hash, step, probe);
    if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}
