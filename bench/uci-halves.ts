import type { SentimentLabel } from '../collector/services/analysis/analyze.ts';
import { readJsonLines } from './jsonl.ts';

/**
 * The UCI sentences (test/fixtures/sentiment/en.jsonl, CC BY 4.0) serve twice, never for the same
 * row: one half is English training data (bench/train-sentiment.ts), the other is the English
 * evaluation set (bench/eval-sentiment.ts). The English rows of ../shared are Amazon device
 * reviews with 617 negatives; restaurant and film sentences teach the learned weights complaints
 * they never see there. A row's half depends on its text alone, through a well-mixed hash (the
 * plain FNV-1a's low bit is just the parity of the characters' low bits), so the split is stable
 * and independent of file order.
 */
export type UciHalf = 'train' | 'test';

export function uciHalf(text: string): UciHalf {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // murmur3's finaliser: every output bit depends on every input bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h & 1) === 0 ? 'train' : 'test';
}

export interface UciRow {
  text: string;
  label: SentimentLabel;
  source: string;
}

const FIXTURE = new URL('../test/fixtures/sentiment/en.jsonl', import.meta.url);

/** The rows of one half, in file order. */
export function uciRows(half: UciHalf): UciRow[] {
  return readJsonLines<UciRow>(FIXTURE).filter((row) => uciHalf(row.text) === half);
}
