import { expect, it } from 'vitest';
import { bandKeys, minHash, shingles, textBandPrint } from '../../shared/normalize-text.ts';
import { KeyFilter } from './key-filter.ts';

/** Band keys of `n` distinct texts (what the band index holds). */
function keysOf(n: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => textBandPrint(`customer ${i + offset} says the ${i % 7} page fails every ${i} times`, 'site_1')!.bandKeys).flat();
}

it('never says a key it holds is missing, and rarely says an unseen key is there', () => {
  const filter = new KeyFilter(200_000);
  const held = keysOf(20_000);
  for (const key of held) filter.add(key);
  expect(held.every((key) => filter.mayHave(key))).toBe(true);
  const heldSet = new Set(held);
  const unseen = keysOf(20_000, 1_000_000).filter((key) => !heldSet.has(key));
  const wrong = unseen.filter((key) => filter.mayHave(key)).length;
  expect(wrong / unseen.length).toBeLessThan(0.01);
});

it('keeps holding every key when filled far beyond its size, only answering "perhaps" more often', () => {
  const filter = new KeyFilter(0);
  const held = Array.from({ length: 3_000_000 }, (_, i) => (i % 10) * 2 ** 32 + ((Math.imul(i + 1, 0x9e3779b1) >>> 0) % 2 ** 32));
  for (const key of held) filter.add(key);
  expect(held.every((key) => filter.mayHave(key))).toBe(true);
  expect(filter.bytes).toBe(2 ** 21);
});

it('spreads keys of the same band apart', () => {
  // Keys differ only in their band number above 2³² for the same hash below.
  const filter = new KeyFilter(0);
  const text = shingles('the checkout button does nothing when i click it').set;
  const [first] = bandKeys(minHash(text));
  filter.add(first!);
  const sameLow = Array.from({ length: 9 }, (_, band) => (band + 1) * 2 ** 32 + (first! % 2 ** 32));
  expect(sameLow.filter((key) => filter.mayHave(key)).length).toBeLessThanOrEqual(1);
});
