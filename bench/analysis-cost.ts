/**
 * `npx tsx bench/analysis-cost.ts`: CPU cost per text of what the analysis thread does for every
 * stored response (text-analyzer.ts prepareText), in its two parts: analyze() (sentiment, label,
 * keywords, language) and the near-duplicate fingerprint (textBandPrint). Texts: the
 * ingest bench's bodies (bench/feedback-bodies.ts, short English and Chinese feedback) and the
 * labelled reviews of `npm run eval:sentiment`. Each figure is the median of several timed rounds
 * after a warm-up, in CPU time of the process (not wall time: on a shared two-core machine wall
 * time also counts the turns other processes take).
 *
 * `--only bench|fixtures` times one of the two sets. `--write-golden <file>` / `--check-golden
 * <file>` save / compare every text's full analysis (cues included) and prepared text: an
 * optimisation must leave them byte for byte the same.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { analyze } from '../collector/services/analysis/analyze.ts';
import { prepareText } from '../collector/services/analysis/text-analyzer.ts';
import { textBandPrint } from '../shared/normalize-text.ts';
import { feedbackBody } from './feedback-bodies.ts';
import { readJsonLines } from './jsonl.ts';

interface Sample {
  text: string;
  locale: string | undefined;
}

const BENCH_TEXTS = 3000;
const ROUNDS = 7;
const ROUND_MS = 400;
const SCOPE = 'site_x';

function benchSamples(): Sample[] {
  return Array.from({ length: BENCH_TEXTS }, (_, n) => {
    const { text, locale } = JSON.parse(feedbackBody(n).body) as { text: string; locale: string };
    return { text, locale };
  });
}

function fixtureSamples(): Sample[] {
  const dir = new URL('../test/fixtures/sentiment/', import.meta.url);
  return ['en.jsonl', 'zh.jsonl'].flatMap((file) =>
    readJsonLines<{ text: string }>(new URL(file, dir)).map(({ text }) => ({ text, locale: undefined })),
  );
}

const PARTS = {
  analyze: (s: Sample) => analyze(s.text, { locale: s.locale }),
  fingerprint: (s: Sample) => textBandPrint(s.text, SCOPE),
  prepareText: (s: Sample) => prepareText(s.text, { locale: s.locale, scope: SCOPE, analyse: true }),
} as const;
type Part = keyof typeof PARTS;

/** CPU time of the process so far, in µs. */
const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** µs of CPU per text of one round: whole passes over the samples until ROUND_MS of CPU. */
function round(part: Part, samples: readonly Sample[]): number {
  const run = PARTS[part];
  let done = 0;
  const started = cpuMicros();
  let spent = 0;
  while (spent < ROUND_MS * 1000) {
    for (const sample of samples) run(sample);
    done += samples.length;
    spent = cpuMicros() - started;
  }
  return spent / done;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function measure(sets: Record<string, Sample[]>): void {
  const parts = Object.keys(PARTS) as Part[];
  // Warm-up: the JIT, the Segmenter and the lexicon caches settle before anything is timed.
  for (const samples of Object.values(sets)) for (const part of parts) round(part, samples);
  for (const [name, samples] of Object.entries(sets)) {
    const times: Record<Part, number[]> = { analyze: [], fingerprint: [], prepareText: [] };
    // Parts take turns, so a noisy second hurts all of them alike.
    for (let r = 0; r < ROUNDS; r++) for (const part of parts) times[part].push(round(part, samples));
    const chars = samples.reduce((sum, s) => sum + s.text.length, 0) / samples.length;
    const figures = parts.map((part) => `${part}=${median(times[part]).toFixed(1)}`).join(' ');
    console.log(`${name} (${samples.length} texts, mean ${Math.round(chars)} chars): µs/text ${figures}`);
  }
}

/** Everything analysis and fingerprint say of each sample, as JSON (Int32Array as an array). */
function golden(samples: readonly Sample[]): string {
  const rows = samples.map((sample) => {
    const prepared = PARTS.prepareText(sample);
    const print = prepared.print && { ...prepared.print, sortedShingles: Array.from(prepared.print.sortedShingles) };
    return JSON.stringify({ ...sample, analysis: PARTS.analyze(sample), prepared: { ...prepared, print } });
  });
  return `${rows.join('\n')}\n`;
}

function checkGolden(file: string, actual: string): void {
  const expected = readFileSync(file, 'utf8').split('\n');
  const lines = actual.split('\n');
  const differ = lines.filter((line, i) => line !== expected[i]).length + Math.max(0, expected.length - lines.length);
  if (differ === 0) {
    console.log(`golden: identical (${lines.length - 1} texts)`);
    return;
  }
  const first = lines.findIndex((line, i) => line !== expected[i]);
  console.log(`golden: ${differ} texts differ; first at line ${first + 1}:\n- ${expected[first]}\n+ ${lines[first]}`);
  process.exitCode = 1;
}

const sets = { bench: benchSamples(), fixtures: fixtureSamples() };
const all = [...sets.bench, ...sets.fixtures];
const flag = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const write = flag('--write-golden');
const check = flag('--check-golden');
if (write) {
  writeFileSync(write, golden(all));
  console.log(`golden: ${all.length} texts written to ${write}`);
} else if (check) {
  checkGolden(check, golden(all));
} else {
  // `--only bench` or `--only fixtures` times one set.
  const only = flag('--only');
  measure(only ? { [only]: sets[only as keyof typeof sets] } : sets);
}
