import { mix32 } from '../../shared/normalize-text.ts';

/** Filter bits per expected key, and probes per key: about 0.4% false positives when full. */
const BITS_PER_KEY = 12;
const PROBES = 6;
/** The smallest filter: 2²⁴ bits (2 MB), room for about 1.4 million keys. */
const MIN_BITS = 2 ** 24;

/**
 * A Bloom filter of LSH band keys (safe integers, shared/normalize-text.ts `bandKeys`: the band's
 * number above 2³², a well-mixed hash below): "surely not there" or "perhaps there". Never a false
 * "surely not"; with more keys than it was sized for it answers "perhaps" more often, never wrongly.
 */
export class KeyFilter {
  readonly #words: Int32Array;
  readonly #mask: number;

  constructor(expectedKeys: number) {
    const bits = 2 ** Math.ceil(Math.log2(Math.max(MIN_BITS, expectedKeys * BITS_PER_KEY)));
    this.#words = new Int32Array(bits / 32);
    this.#mask = bits - 1;
  }

  /** Bytes the filter takes. */
  get bytes(): number {
    return this.#words.byteLength;
  }

  add(key: number): void {
    const low = key % 2 ** 32 | 0;
    const step = mix32(low ^ Math.floor(key / 2 ** 32)) | 1;
    for (let i = 0, bit = low; i < PROBES; i++, bit = (bit + step) | 0) {
      const at = bit & this.#mask;
      this.#words[at >>> 5]! |= 1 << (at & 31);
    }
  }

  mayHave(key: number): boolean {
    const low = key % 2 ** 32 | 0;
    const step = mix32(low ^ Math.floor(key / 2 ** 32)) | 1;
    for (let i = 0, bit = low; i < PROBES; i++, bit = (bit + step) | 0) {
      const at = bit & this.#mask;
      if ((this.#words[at >>> 5]! & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }
}
