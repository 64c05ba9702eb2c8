/**
 * Text normalisation and near-duplicate fingerprints for customer feedback. Pure functions: no
 * DOM, no Node built-ins, so the collector, reports and tests all see the same text the same way.
 *
 * Similarity measure: the Jaccard similarity |A ∩ B| / |A ∪ B| of two texts' sets of character
 * n-grams ("shingles"), taken over the normalised text:
 *  - normalised = NFKC (full-width Ａ１！ become A1!, half-width katakana become full width), lower
 *    case, every run of characters that are not letters, digits or combining marks (punctuation,
 *    symbols, emoji, whitespace) becomes one space;
 *  - mostly CJK text (at least half of its letters are Han, kana or Hangul) loses its spaces
 *    (so "结账 按钮" and "结账按钮" are the same text) and is cut into character bigrams: Chinese
 *    has no spaces to find words by, and two characters are about one word;
 *  - other text is cut into character 4-grams, spaces included: robust to typos, plurals and
 *    word order changes at the edges, where word shingles would lose a whole pair per edit.
 *
 * Threshold: two texts are duplicates when their Jaccard similarity is at least 0.7. At 0.7 a
 * 40-character sentence may differ by one changed word or an added short phrase, which is what a
 * copy-paste flood with light edits looks like ("The checkout button does nothing" ~ "the
 * checkout button does nothing!!! fix it"); different complaints about the same feature
 * ("checkout button" vs "login button" does nothing) stay around 0.5–0.6 and apart.
 *
 * Texts with fewer than MIN_SHINGLES shingles (under 19 characters of English, about four
 * words, or under 7 Chinese characters; emoji-only texts have none at all) get no fingerprint: a hundred people writing
 * "great app" or "👍" are a hundred opinions, not a copied message.
 *
 * Lookup: a MinHash signature of SIGNATURE_SIZE values estimates Jaccard similarity, and its
 * LSH bands (BANDS bands of ROWS values) are what the collector indexes. Two texts with
 * similarity s share at least one band with probability 1 − (1 − s³)¹⁰: 0.985 at s = 0.7, 0.999
 * at s = 0.9, 0.74 at s = 0.5, 0.24 at s = 0.3. So the index finds near-duplicates without
 * scanning (a copy that slips through once is caught by the next copy, which matches either),
 * and the exact Jaccard above decides. Ten bands keep the index at ten rows per cluster.
 */

export const DUPLICATE_THRESHOLD = 0.7;
export const MIN_SHINGLES = { cjk: 6, other: 16 } as const;
export const BANDS = 10;
export const ROWS = 3;
export const SIGNATURE_SIZE = BANDS * ROWS;

const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;

/** Han (with extensions and compatibility ideographs), kana and Hangul: scripts written without spaces between words. */
function isCjk(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3134f)
  );
}

/** Whether every character of the text is ASCII (U+0000–U+007F). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The text as compared: NFKC, lower case, punctuation/symbols/emoji/whitespace → one space. */
export function normalizeText(text: string): string {
  // ASCII is its own NFKC form: most feedback skips the normalisation pass.
  const folded = isAscii(text) ? text : text.normalize('NFKC');
  return folded.toLowerCase().replace(NOT_WORD, ' ').trim();
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Whether a normalised text holds a letter or a digit. normalizeText keeps combining marks (an
 * accent belongs to its letter), so an emoji's variation selector (U+FE0F in "❤️") or an accent
 * with no base survives it alone: such a text is not empty, yet names nothing.
 */
export const holdsLetterOrDigit = (normalized: string): boolean => LETTER_OR_DIGIT.test(normalized);

export type ShingleMode = 'cjk' | 'other';

/**
 * Which kind of shingles a normalised text gets, and the text they are cut from. `starts` holds
 * the offsets where its code points start, then its length; undefined when each code unit is a
 * code point (no surrogates: nearly every text), where offset i is code point i.
 */
function shingleUnits(normalized: string): { mode: ShingleMode; units: string; n: number; starts: number[] | undefined } {
  let cjk = 0;
  let letters = 0;
  let surrogates = false;
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) surrogates = true;
    // Spaces are not letters; a low surrogate ends a code point already counted.
    if (code === 0x20 || (code >= 0xdc00 && code <= 0xdfff)) continue;
    if (isCjk(code >= 0xd800 && code <= 0xdbff ? normalized.codePointAt(i)! : code)) cjk++;
    letters++;
  }
  const mode: ShingleMode = letters > 0 && cjk * 2 >= letters ? 'cjk' : 'other';
  // CJK is written without spaces, so "结账 按钮" and "结账按钮" must give the same bigrams.
  const units = mode === 'cjk' ? normalized.replaceAll(' ', '') : normalized;
  return { mode, units, n: mode === 'cjk' ? 2 : 4, starts: surrogates ? codePointStarts(units) : undefined };
}

/** Offsets where code points start (a low surrogate continues the code point before it), then the length. */
function codePointStarts(units: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const code = units.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) starts.push(i);
  }
  starts.push(units.length);
  return starts;
}

/** Bigrams for mostly-CJK text, 4-grams otherwise; counted in code points, so astral letters stay whole. */
export function shingles(normalized: string): { mode: ShingleMode; set: Set<string> } {
  const { mode, units, n, starts = codePointStarts(units) } = shingleUnits(normalized);
  const set = new Set<string>();
  for (let i = 0; i + n < starts.length; i++) set.add(units.slice(starts[i], starts[i + n]));
  return { mode, set };
}

export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser to spread the bits. */
export function hash32(text: string): number {
  return hashRange(text, 0, text.length);
}

/** hash32 of text.slice(start, end), without making the slice. */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's 32-bit finaliser: spreads the bits of a 32-bit value. */
export function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// One fixed seed per MinHash function; fixed forever, since stored band keys depend on them.
const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(Math.imul(i + 1, 0x9e3779b9)));

/** One MinHash function's value of a shingle hash (minHashOfHashes, minHashInto). */
const permuted = (hash: number, seed: number): number => {
  const value = Math.imul(hash ^ seed, 0x9e3779b1);
  return (value ^ (value >>> 15)) >>> 0;
};

/**
 * minHashOfHashes of hashes[0, count), into `signature`: a band (ROWS = 3 functions) per pass
 * over the hashes, each minimum in a local, by an indexed loop over the typed array (no iterator
 * protocol). A quarter faster than a function per pass. A minimum does not depend on the order of
 * the hashes nor on repeats, so the signature is the same as the set's.
 */
function minHashInto(signature: Uint32Array, hashes: Int32Array, count: number): Uint32Array {
  for (let row = 0; row < SIGNATURE_SIZE; row += 3) {
    const seed0 = SEEDS[row]!;
    const seed1 = SEEDS[row + 1]!;
    const seed2 = SEEDS[row + 2]!;
    let min0 = 0xffffffff;
    let min1 = 0xffffffff;
    let min2 = 0xffffffff;
    // Compared by hand: Math.min() here, on values above 2³¹, cost back what the band saves.
    for (let j = 0; j < count; j++) {
      const hash = hashes[j]!;
      const value0 = permuted(hash, seed0);
      if (value0 < min0) min0 = value0;
      const value1 = permuted(hash, seed1);
      if (value1 < min1) min1 = value1;
      const value2 = permuted(hash, seed2);
      if (value2 < min2) min2 = value2;
    }
    signature[row] = min0;
    signature[row + 1] = min1;
    signature[row + 2] = min2;
  }
  return signature;
}

export function minHash(set: ReadonlySet<string>): Uint32Array {
  return minHashOfHashes([...set].map(hash32));
}

/** minHash of shingles given by their hash32. */
export function minHashOfHashes(hashes: Iterable<number>): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const base of hashes) {
    // base is already well mixed, so one multiply-xorshift per function is enough to permute it.
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const value = permuted(base, SEEDS[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

/**
 * One key per band: the band's number in the high bits, a hash of its ROWS values below (a safe
 * integer). Keys made with different `scope`s (sites, say) practically never meet.
 */
export function bandKeys(signature: Uint32Array, scope = ''): number[] {
  const base = hash32(scope);
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = base ^ band;
    for (let row = 0; row < ROWS; row++) h = mix32(Math.imul(h ^ signature[band * ROWS + row]!, 0x01000193));
    keys.push(band * 2 ** 32 + h);
  }
  return keys;
}

/**
 * What a cluster lookup needs of a text's fingerprint, in a form that crosses threads cheaply (the
 * collector's analysis thread makes it): the normalised text, its LSH band keys, and its shingles'
 * hashes as a sorted array, which `jaccardSorted` compares without building a set.
 */
export interface BandPrint {
  normalized: string;
  bandKeys: number[];
  sortedShingles: Int32Array;
}

/** `jaccard` of two sorted arrays of distinct hashes, by merging them. */
export function jaccardSorted(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Sorts hashes[0, count) in place and moves its distinct values to the front; returns how many. */
function sortDistinct(hashes: Int32Array, count: number): number {
  const sorted = hashes.subarray(0, count).sort();
  let kept = Math.min(count, 1);
  for (let i = 1; i < count; i++) if (sorted[i] !== sorted[kept - 1]) sorted[kept++] = sorted[i]!;
  return kept;
}

// textBandPrint's working space, reused from text to text: on Node 20 a typed array over 64 bytes
// lives outside V8's heap, and making one costs more (about 2 µs) than hashing a text's shingles.
let hashScratch = new Int32Array(1024);
const signatureScratch = new Uint32Array(SIGNATURE_SIZE);

/**
 * The fingerprint of a text, or undefined when it is too short to tell a copy from a coincidence.
 * The collector's analysis thread makes one for every stored text, so no Set is built: the
 * shingles' hash32 values (no substring made) are sorted and rid of repeats in a reused typed
 * array, MinHash reads them there, and the one array made is the print's own sortedShingles.
 * Two shingles of a text share a hash with odds of about one in 2³² per pair, too rare to move a
 * similarity; MinHash reads only the bits, so the signed values give the signature
 * `minHash(shingles(normalized).set)` gives (the tests pin both).
 */
export function textBandPrint(text: string, scope = ''): BandPrint | undefined {
  const normalized = normalizeText(text);
  const { mode, distinct } = hashShinglesIntoScratch(normalized);
  if (distinct < MIN_SHINGLES[mode]) return undefined;
  const signature = minHashInto(signatureScratch, hashScratch, distinct);
  return { normalized, bandKeys: bandKeys(signature, scope), sortedShingles: hashScratch.slice(0, distinct) };
}

/**
 * The sorted, distinct shingle hashes of a normalised text, made as textBandPrint makes them: what
 * the write path compares a new text with, for the sample of each candidate cluster.
 */
export function normalizedShingles(normalized: string): Int32Array {
  return hashScratch.slice(0, hashShinglesIntoScratch(normalized).distinct);
}

/** The distinct shingle hashes of a normalised text, sorted, at the front of hashScratch. */
function hashShinglesIntoScratch(normalized: string): { mode: ShingleMode; distinct: number } {
  const { mode, units, n, starts } = shingleUnits(normalized);
  const count = Math.max((starts === undefined ? units.length + 1 : starts.length) - n, 0);
  if (hashScratch.length < count) hashScratch = new Int32Array(count);
  // As signed 32-bit values: V8 keeps those as small integers, where values above 2³¹ would be boxed.
  if (starts === undefined) for (let i = 0; i < count; i++) hashScratch[i] = hashRange(units, i, i + n);
  else for (let i = 0; i < count; i++) hashScratch[i] = hashRange(units, starts[i]!, starts[i + n]!);
  return { mode, distinct: sortDistinct(hashScratch, count) };
}
