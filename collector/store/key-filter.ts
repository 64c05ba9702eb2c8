import { mix32 } from '../../shared/normalize-text.ts';
import { BloomBits } from './bloom-bits.ts';

/** Filter bits per expected key, and probes per key: about 0.4% false positives when full. */
const BITS_PER_KEY = 12;
const PROBES = 6;
/** The smallest filter: 2²⁴ bits (2 MB), room for about 1.4 million keys. */
const MIN_BITS = 2 ** 24;

/** The probes' stride: from the key's low half (the hash) and its band number above 2³². */
const stepOf = (key: number): number => mix32((key % 2 ** 32 | 0) ^ Math.floor(key / 2 ** 32)) | 1;

/**
 * A Bloom filter of LSH band keys (safe integers, shared/normalize-text.ts `bandKeys`: the band's
 * number above 2³², a well-mixed hash below): "surely not there" or "perhaps there". Never a false
 * "surely not"; with more keys than it was sized for it answers "perhaps" more often, never wrongly.
 */
export class KeyFilter {
  readonly #bits: BloomBits;

  constructor(expectedKeys: number) {
    this.#bits = new BloomBits(2 ** Math.ceil(Math.log2(Math.max(MIN_BITS, expectedKeys * BITS_PER_KEY))), PROBES);
  }

  /** Bytes the filter takes. */
  get bytes(): number {
    return this.#bits.bytes;
  }

  add(key: number): void {
    this.#bits.add(key % 2 ** 32, stepOf(key));
  }

  mayHave(key: number): boolean {
    return this.#bits.mayHave(key % 2 ** 32, stepOf(key));
  }
}
