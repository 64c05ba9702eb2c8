import type { Kysely } from 'kysely';
import { isAscii, normalizeText } from '../../shared/normalize-text.ts';
import type { Database } from '../store/database.ts';
import { countPendingTexts, indexPendingBatch } from '../store/search-index.ts';

/**
 * What the full-text index stores for a text, and the FTS5 query for what someone typed.
 *
 * FTS5's unicode61 tokenizer splits on spaces and punctuation only, so a Chinese sentence would
 * be one giant token. We feed it words we cut ourselves, from the normalised text
 * (shared/normalize-text.ts: NFKC, lower case, punctuation folded):
 *  - `body`: every non-CJK word as it is, and every run of CJK characters as its overlapping
 *    character bigrams in order ("退款很慢" → "退款 款很 很慢");
 *  - `chars`: the single CJK characters, so a one-character query ("慢") still finds something.
 * A query of two or more CJK characters becomes the phrase of its bigrams, which FTS5 matches
 * only where they are adjacent — exactly the texts containing that substring. English words are
 * matched as prefixes ("refund" finds "refunded"). All terms must match (AND).
 */

const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;

interface Pieces {
  words: string[];
  cjkRuns: string[][];
}

function pieces(text: string): Pieces {
  const words: string[] = [];
  const cjkRuns: string[][] = [];
  for (const token of normalizeText(text).split(' ')) {
    if (!token) continue;
    // No CJK in ASCII: most tokens of most feedback are words as they stand, without the pattern.
    if (isAscii(token)) {
      words.push(token);
      continue;
    }
    let last = 0;
    for (const match of token.matchAll(CJK_RUN)) {
      if (match.index > last) words.push(token.slice(last, match.index));
      cjkRuns.push([...match[0]]);
      last = match.index + match[0].length;
    }
    if (last < token.length) words.push(token.slice(last));
  }
  return { words, cjkRuns };
}

function bigrams(chars: string[]): string[] {
  if (chars.length === 1) return [];
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

/** The two indexed columns of a text. */
export function searchDocument(text: string): { body: string; chars: string } {
  const { words, cjkRuns } = pieces(text);
  const body = [...words, ...cjkRuns.flatMap(bigrams)].join(' ');
  const chars = [...new Set(cjkRuns.flat())].join(' ');
  return { body, chars };
}

const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * An FTS5 MATCH expression for a typed query, or undefined when it holds nothing searchable
 * (only punctuation or emoji). Every term is quoted, so FTS5 syntax in the input is just text.
 */
export function searchQuery(q: string): string | undefined {
  const { words, cjkRuns } = pieces(q);
  const terms = [
    ...words.map((w) => `body : ${quote(w)}*`),
    ...cjkRuns.map((run) => (run.length === 1 ? `chars : ${quote(run[0]!)}` : `body : ${quote(bigrams(run).join(' '))}`)),
  ];
  return terms.length > 0 ? terms.join(' AND ') : undefined;
}

/** Texts indexed per transaction (about 50 ms): writers waiting behind it barely notice. */
const BATCH = 500;

/**
 * Brings the index up to date with at most `budget` pending texts; returns how many still wait.
 * Run before a search, so a response is findable the moment it was stored.
 */
export async function refreshSearchIndex(db: Kysely<Database>, budget = 20_000): Promise<number> {
  for (let done = 0; done < budget; ) {
    const taken = await indexPendingBatch(db, Math.min(BATCH, budget - done), searchDocument);
    if (taken === 0) return 0;
    done += taken;
  }
  return countPendingTexts(db);
}

/**
 * Indexes in the background: a little while after being kicked (by a stored response, or at
 * start for texts queued by the migration), in batches with pauses between, until nothing waits.
 * So searches rarely find work to do, and a large backlog never blocks one request for long.
 */
export class SearchIndexer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #failures = 0;

  /**
   * `delayMs`: a second, so under load one transaction takes about a second's texts. FTS5 writes
   * a segment per transaction: a batch of 1,000 texts costs about a quarter less per text than
   * five batches of 200 (measured: 52 vs 68 µs a text).
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly delayMs = 1000,
  ) {}

  kick(delayMs = this.delayMs): void {
    if (this.#timer || this.#running) return;
    this.#timer = setTimeout(() => void this.#run(), delayMs);
    // Never the reason a process stays alive.
    this.#timer.unref?.();
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#running = true;
    let left = 0;
    try {
      left = await refreshSearchIndex(this.db, BATCH * 4);
    } catch {
      // A busy moment: try later (searches index what they need anyway). Three failures in a
      // row mean the store is closed (shutdown, the end of a test): stop until kicked again.
      this.#running = false;
      if (++this.#failures < 3) this.kick(5_000);
      return;
    }
    this.#failures = 0;
    this.#running = false;
    if (left > 0) this.kick(50);
  }
}
