/**
 * The bit array of a Bloom filter: each entry sets `probes` bits, at hash, hash + step,
 * hash + 2·step, … (double hashing), within a power-of-two number of bits. "No" is certain;
 * "maybe" is wrong as often as the filter's size and fill make it. The callers make the hash and
 * the step from their own keys: store/key-filter.ts from band keys, services/analysis/
 * string-filter.ts from strings.
 */
export class BloomBits {
  readonly #words: Int32Array;
  readonly #mask: number;
  readonly #probes: number;

  /** `bits`: a power of two, at least 32. */
  constructor(bits: number, probes: number) {
    this.#words = new Int32Array(bits / 32);
    this.#mask = bits - 1;
    this.#probes = probes;
  }

  /** Bytes the filter takes. */
  get bytes(): number {
    return this.#words.byteLength;
  }

  add(hash: number, step: number): void {
    for (let i = 0, bit = hash | 0; i < this.#probes; i++, bit = (bit + step) | 0) {
      const at = bit & this.#mask;
      this.#words[at >>> 5]! |= 1 << (at & 31);
    }
  }

  mayHave(hash: number, step: number): boolean {
    for (let i = 0, bit = hash | 0; i < this.#probes; i++, bit = (bit + step) | 0) {
      const at = bit & this.#mask;
      if ((this.#words[at >>> 5]! & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }
}
