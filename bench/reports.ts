import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { createApp } from '../collector/app.ts';
import { loadConfig } from '../collector/config.ts';
import { analyze } from '../collector/services/analysis/analyze.ts';
import { ensureDefaults } from '../collector/services/bootstrap.ts';
import { randomIds, systemClock } from '../collector/services/clock-ids.ts';
import { warmSite } from '../collector/services/rollups.ts';
import { refreshSearchIndex } from '../collector/services/search.ts';
import { createSurvey } from '../collector/services/surveys.ts';
import { openStore } from '../collector/store/open.ts';
import type { SurveyInput } from '../shared/schema/survey.ts';
import { freePort } from '../test/helpers/free-port.ts';

/**
 * `npm run bench:reports`: 1,000,000 responses (and their impressions) over 90 days in a fresh
 * SQLite file, then the real collector app on it, and one line per request the admin view makes
 * for the dashboard and the first inbox page: `<name> ms=<median of 5>`.
 *
 * The seeded file is cached under the temp folder, keyed by a hash of the migrations and this
 * seed's version, and copied before each run, so reruns skip the seeding and every run starts
 * from the same state (rollups not yet built: the first request's cost is printed too).
 */

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const DAYS = 90;
const SEED_VERSION = 4;
const ADMIN = { email: 'bench@feedloop.local', password: 'bench password 123' };
const root = resolve(import.meta.dirname, '..');
const DAY = 86_400_000;

function seedKey(): string {
  const hash = createHash('sha256').update(`v${SEED_VERSION} n${RESPONSES}`);
  const dir = join(root, 'collector/store/migrations');
  // The migrations themselves, not their tests or the index that lists them.
  for (const name of readdirSync(dir).sort()) if (/^\d{4}_.*(?<!\.test)\.ts$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex').slice(0, 16);
}

function progress(label: string, done: number, total: number, started: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / Math.max(0.001, (performance.now() - started) / 1000);
  process.stderr.write(
    `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${((100 * done) / total).toFixed(1)}% ${Math.round(rate).toLocaleString('en')}/s   `,
  );
  if (done === total) process.stderr.write('\n');
}

/** xorshift32: the same data on every machine. */
function generator(seed: number) {
  let x = seed | 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return { next, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const TEXTS = [
  'The checkout button does nothing on my phone',
  'Checkout is slow and the payment page times out',
  'Love the new dashboard, export to CSV is great',
  'Search results are wrong when I filter by price',
  'Delivery was late again and support never answered',
  'Great app, easy to use and fast',
  'Login keeps failing after the password reset',
  'I want a refund, the subscription renewed without warning',
  'The invoice email never arrives',
  'Please add dark mode to the mobile app',
  'Support chat was helpful and quick',
  'The app crashes when I upload a photo',
  'Pricing page is confusing, which plan do I need',
  'Coupon code does not work at checkout',
  'Setup took five minutes, very easy',
  '结账按钮在手机上没有反应',
  '付款页面太慢了，经常超时',
  '新的仪表盘很好用，导出很方便',
  '客服一直不回复，我要退款',
  '配送又晚了，非常失望',
  '应用很好用，速度很快',
  '登录总是失败，密码重置也没用',
  '希望增加深色模式',
  '上传图片的时候应用崩溃',
  '优惠券在结账时无法使用',
];

const surveys: Array<{ input: SurveyInput; scale: 'nps' | 'csat' | 'ces'; share: number }> = [
  {
    scale: 'nps',
    share: 0.45,
    input: { name: 'NPS after checkout', questions: [{ id: 'nps', type: 'rating', scale: 'nps', required: true, text: { en: 'How likely are you to recommend us?', 'zh-CN': '您有多大可能推荐我们？' } }] },
  },
  {
    scale: 'csat',
    share: 0.2,
    input: { name: 'Support satisfaction', questions: [{ id: 'csat', type: 'rating', scale: 'csat', required: true, text: { en: 'How satisfied are you with support?', 'zh-CN': '您对客服满意吗？' } }] },
  },
  {
    scale: 'ces',
    share: 0.15,
    input: { name: 'Setup effort', questions: [{ id: 'ces', type: 'rating', scale: 'ces', required: true, text: { en: 'How easy was the setup?', 'zh-CN': '设置容易吗？' } }] },
  },
];

/** A score for the scale, shifted by who answers: pro plans a little happier, phones a little less. */
function score(scale: 'nps' | 'csat' | 'ces', r: () => number, lift: number): number {
  const x = Math.min(0.999, Math.max(0, r() * 0.85 + 0.15 * r() + lift));
  if (scale === 'nps') return Math.floor(Math.pow(x, 0.6) * 11);
  if (scale === 'csat') return 1 + Math.floor(Math.pow(x, 0.7) * 5);
  return 1 + Math.floor(Math.pow(x, 0.8) * 7);
}

async function seed(file: string): Promise<void> {
  const started = performance.now();
  mkdirSync(join(file, '..'), { recursive: true });
  const config = loadConfig({ DATA_DIR: join(file, '..'), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const store = await openStore(file);
  const { site } = await ensureDefaults(store, config, { clock: systemClock, ids: randomIds });
  const created: Array<(typeof surveys)[number] & { id: string }> = [];
  for (const s of surveys) created.push({ ...s, id: (await createSurvey({ db: store.db, clock: systemClock, ids: randomIds }, site.id, s.input)).id });
  await store.close();

  const analysed = TEXTS.map((text) => {
    const a = analyze(text);
    return { text, sentiment: Math.round(a.sentiment * 1000) / 1000, label: a.label, language: a.language, keywords: JSON.stringify(a.keywords) };
  });
  // A throwaway file being filled by one writer: no journal, no fsync, a large cache. It goes
  // back to WAL (what the collector expects) at the end.
  const db = new SQLite(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -1048576');
  const insertResponse = db.prepare(`insert into responses (id, site_id, idempotency_key, channel, kind, category, text, score, scale, page_url, locale,
      device, browser, os, client_id, user_id, received_at, survey_id, survey_version, answers, finished, attributes, spam_score, spam_reasons,
      sentiment, sentiment_label, language, keywords, priority, priority_reasons)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertEvent = db.prepare(`insert into events (id, site_id, survey_id, type, idempotency_key, client_id, user_id, page_url, reason, client_at, received_at)
    values (?, ?, ?, 'impression', ?, ?, null, null, null, null, ?)`);
  const g = generator(20261123);
  const end = Date.now();
  const start = end - DAYS * DAY;
  const BATCH = 20_000;
  let events = 0;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // Rows arrive in time order, as ingest writes them, with steady growth over the period
      // (later days get more responses).
      const at = start + Math.floor(Math.sqrt((i + g.next()) / RESPONSES) * (end - start));
      const device = g.next() < 0.45 ? 'mobile' : g.next() < 0.9 ? 'desktop' : 'tablet';
      const plan = g.next() < 0.3 ? 'pro' : g.next() < 0.85 ? 'free' : undefined;
      const lift = (plan === 'pro' ? 0.12 : 0) - (device === 'mobile' ? 0.08 : 0);
      const roll = g.next();
      let acc = 0;
      const survey = created.find((s) => roll < (acc += s.share));
      const withText = !survey || g.next() < 0.25;
      const t = withText ? g.pick(analysed) : undefined;
      const zh = t ? /[\u4e00-\u9fff]/.test(t.text) : g.next() < 0.3;
      const s = survey ? score(survey.scale, g.next, lift) : null;
      const client = `c${Math.floor(g.next() * 400_000).toString(36)}`;
      const id = `r${i.toString(36)}`;
      insertResponse.run(
        id, site.id, `k${i.toString(36)}`, g.next() < 0.9 ? 'widget' : 'api', survey ? 'survey' : 'feedback',
        survey ? null : g.pick(['bug', 'idea', 'praise', 'other']), t?.text ?? null, s, survey?.scale ?? null,
        g.pick(['https://shop.example/checkout', 'https://shop.example/', 'https://shop.example/account', 'https://shop.example/search?q=x']),
        zh ? 'zh-CN' : 'en', device, g.pick(['chrome', 'safari', 'firefox']), device === 'desktop' ? 'windows' : 'ios', client,
        plan ? `u${client}` : null, at, survey?.id ?? null, survey ? 1 : null,
        survey ? JSON.stringify({ [survey.scale]: s }) : null, survey ? 1 : null, plan ? `{"plan":"${plan}"}` : null,
        g.next() < 0.01 ? 0.95 : 0, '[]', t?.sentiment ?? null, t?.label ?? null, t?.language ?? null, t?.keywords ?? null,
        Math.floor(g.next() * 60), '[]',
      );
      // Each answer was preceded by about 2.5 impressions of its survey (a 40% response rate).
      if (survey) {
        const shown = g.next() < 0.5 ? 2 : 3;
        for (let k = 0; k < shown; k++) {
          const e = `e${(events++).toString(36)}`;
          insertEvent.run(e, site.id, survey.id, e, client, at - Math.floor(g.next() * 60_000) * (k + 1));
        }
      }
    }
  });
  const t0 = performance.now();
  for (let from = 0; from < RESPONSES; from += BATCH) {
    batch(from, Math.min(RESPONSES, from + BATCH));
    progress('seeding responses', Math.min(RESPONSES, from + BATCH), RESPONSES, t0);
  }
  process.stderr.write(`seeded ${RESPONSES.toLocaleString('en')} responses and ${events.toLocaleString('en')} impressions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  db.exec('analyze');
  db.pragma('locking_mode = NORMAL');
  db.pragma('journal_mode = WAL');
  db.close();

  // A live collector indexes each text for search as it arrives; do the same here, so the
  // timed requests do not share the process with a backlog being indexed in the background.
  const indexed = await openStore(file);
  const pending = async () =>
    Number((await indexed.db.selectFrom('response_search_queue').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const total = await pending();
  const t1 = performance.now();
  for (let left = total; left > 0; ) {
    left = await refreshSearchIndex(indexed.db, 20_000);
    progress('indexing texts   ', total - left, total, t1);
  }
  await indexed.close();
  process.stderr.write(`seed ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const cacheDir = join(tmpdir(), 'feedloop-bench-reports', seedKey());
  const cached = join(cacheDir, 'seed.sqlite');
  if (!existsSync(cached)) {
    rmSync(join(tmpdir(), 'feedloop-bench-reports'), { recursive: true, force: true });
    const building = join(cacheDir, 'building', 'feedloop.sqlite');
    await seed(building);
    renameSync(building, cached);
    rmSync(join(cacheDir, 'building'), { recursive: true, force: true });
  } else {
    process.stderr.write(`using the seeded file ${cached}\n`);
  }
  const dataDir = join(tmpdir(), `feedloop-bench-reports-run-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(cached, join(dataDir, 'feedloop.sqlite'));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const store = await openStore(join(dataDir, 'feedloop.sqlite'));
  const app = createApp({
    store,
    clock: systemClock,
    ids: randomIds,
    config,
    assets: { widget: join(root, 'dist/widget'), admin: join(root, 'dist/admin'), examples: join(root, 'examples') },
  });
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  try {
    const login = await fetch(`${url}/admin/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify(ADMIN),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const call = async (path: string) => {
      const t = performance.now();
      const res = await fetch(`${url}/admin/api${path}`, { headers: { cookie, origin: url } });
      const body = await res.text();
      const ms = performance.now() - t;
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
      return { ms, status: res.status };
    };
    const sites = (await (await fetch(`${url}/admin/api/sites`, { headers: { cookie } })).json()) as { items: Array<{ id: string }> };
    const site = sites.items[0]!.id;
    const surveys = (await (await fetch(`${url}/admin/api/sites/${site}/surveys`, { headers: { cookie } })).json()) as { items: Array<{ id: string }> };
    const survey = surveys.items[0]!.id;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const today = Date.now();
    // What the dashboard asks for on load (last 30 days), then its other pickers.
    const period = `from=${day(today - 29 * DAY)}&to=${day(today)}`;
    const period90 = `from=${day(today - 89 * DAY)}&to=${day(today)}`;
    // What a running collector does by itself 30 s after start (services/rollups.ts: the warmer):
    // roll up the closed days of a store that never had rollups (after an upgrade), with the
    // attribute keys its responses commonly carry. Not a request; printed apart from them.
    const build = performance.now();
    await warmSite(store.db, site, Date.now());
    process.stderr.write(`background rollup build (once per store, ${DAYS} days, no request waits on it once done): ${(performance.now() - build).toFixed(0)} ms\n`);
    const first = await call(`/sites/${site}/reports/summary?${period}`);
    console.log(`first-request reports.summary 30d ms=${first.ms.toFixed(1)}`);
    const attrFirst = await call(`/sites/${site}/reports/compare?by=attr&key=plan&a=pro&b=free&${period}`);
    console.log(`first-request reports.compare plan=pro vs free 30d ms=${attrFirst.ms.toFixed(1)}`);

    const inbox = await fetch(`${url}/admin/api/sites/${site}/inbox`, { headers: { cookie } });
    const hasInbox = inbox.status !== 404;
    const firstInboxItem = async () => ((await inbox.json()) as { items: Array<{ id: string }> }).items[0]!.id;
    const requests: Array<[string, string]> = [
      ['sites', '/sites'],
      ['surveys', `/sites/${site}/surveys`],
      ['reports.summary 30d', `/sites/${site}/reports/summary?${period}`],
      ['reports.trend nps by day 30d', `/sites/${site}/reports/trend?metric=nps&granularity=day&${period}`],
      ['reports.response-rate 30d', `/sites/${site}/reports/response-rate?${period}`],
      ['reports.sentiment 30d', `/sites/${site}/reports/sentiment?${period}`],
      ['reports.themes 30d', `/sites/${site}/reports/themes?${period}`],
      ['reports.compare device 30d', `/sites/${site}/reports/compare?by=device&a=mobile&b=desktop&${period}`],
      ['reports.summary 90d', `/sites/${site}/reports/summary?${period90}`],
      ['reports.trend csat by week 90d', `/sites/${site}/reports/trend?metric=csat&granularity=week&${period90}`],
      ['reports.trend ces by month 90d', `/sites/${site}/reports/trend?metric=ces&granularity=month&${period90}`],
      ['reports.compare plan=pro vs free 90d', `/sites/${site}/reports/compare?by=attr&key=plan&a=pro&b=free&${period90}`],
      ['reports.summary 90d plan=pro mobile', `/sites/${site}/reports/summary?${period90}&attr=plan%3Dpro&device=mobile`],
      ['reports.trend nps 90d survey+device', `/sites/${site}/reports/trend?metric=nps&granularity=day&${period90}&survey=${survey}&device=desktop`],
      ['reports.themes 90d plan=free', `/sites/${site}/reports/themes?${period90}&attr=plan%3Dfree`],
      ...(hasInbox
        ? ([
            ['inbox first page', `/sites/${site}/inbox`],
            ['inbox first page by priority', `/sites/${site}/inbox?sort=priority`],
            ['inbox drill-down nps detractors 30d', `/sites/${site}/inbox?scale=nps&band=low&from=${today - 30 * DAY}&to=${today + DAY}`],
            ['inbox drill-down plan=pro mobile', `/sites/${site}/inbox?attr=plan%3Dpro&device=mobile`],
            ['inbox search 退款 (refund)', `/sites/${site}/inbox?q=${encodeURIComponent('退款')}`],
            ['inbox assignees', `/sites/${site}/inbox-assignees`],
            ['inbox item detail', `/sites/${site}/inbox/${await firstInboxItem()}`],
          ] as Array<[string, string]>)
        : ([['responses first page (no inbox route yet)', '/responses?limit=50']] as Array<[string, string]>)),
    ];
    for (const [name, path] of requests) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) times.push((await call(path)).ms);
      console.log(`${name} ms=${median(times).toFixed(1)}`);
    }
  } finally {
    server.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
