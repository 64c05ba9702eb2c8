import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, type TestContext, createTestContext, signIn } from '../../test/helpers/context.ts';
import { csvField } from '../services/export.ts';

let ctx: TestContext;
let session: { cookie: string; csrf: string };

beforeEach(async () => {
  ctx = await createTestContext();
  session = await signIn(ctx);
});
afterEach(async () => {
  await ctx.close();
});

const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2', '@SUM(A1)', '\tTabbed', '\rReturn', 'Comma, "quoted"\nnewline', '退款，还没到账'];
const ROWS = 20_000;
const FILLER = 'x'.repeat(2000);

/** Seeds rows straight into SQLite (the ingest path is tested elsewhere; 20,000 requests would take minutes). */
function seed(n: number): void {
  const insert = ctx.store.sqlite.prepare(
    `insert into responses (id, site_id, idempotency_key, channel, kind, category, text, device, browser, os, received_at, priority, status)
     values (?, ?, ?, 'widget', 'feedback', 'bug', ?, 'desktop', 'Chrome', 'macOS', ?, ?, ?)`,
  );
  ctx.store.sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      const text = i < HOSTILE.length ? HOSTILE[i]! : `Row ${i} ${FILLER}`;
      insert.run(`rsp_${String(i).padStart(6, '0')}`, ctx.site.id, `key_${i}`, text, 1_700_000_000_000 + i * 1000, i % 100, i % 10 === 0 ? 'resolved' : 'new');
    }
  })();
}

function download(query: string) {
  return ctx.app.request(`/admin/api/sites/${ctx.site.id}/export?${query}`, { headers: { cookie: session.cookie, origin: ORIGIN } });
}

/** RFC 4180: fields separated by commas, quoted fields may hold commas, quotes ("") and line breaks; rows end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

// A full garbage collection before each memory sample, so a sample counts what is alive, not
// garbage the collector has not got round to (which made the measure depend on GC timing).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Reads the body chunk by chunk, sampling live memory, keeping only what the test checks. */
async function consume(res: Response): Promise<{ text: string; bytes: number; peakGrowth: number }> {
  const used = () => {
    collectGarbage();
    return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  };
  const base = used();
  let peak = 0;
  let bytes = 0;
  let chunks = 0;
  const parts: string[] = [];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    // Keep the text minus the filler so the test's own memory does not hide the exporter's.
    parts.push(decoder.decode(chunk, { stream: true }).replaceAll(FILLER, ''));
    if (++chunks % 64 === 0) peak = Math.max(peak, used() - base);
  }
  return { text: parts.join(''), bytes, peakGrowth: Math.max(peak, used() - base) };
}

describe('export', () => {
  it('streams 20,000 rows as RFC 4180 CSV with flat memory, formula-safe, and parses back', async () => {
    seed(ROWS);
    const res = await download('format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="feedloop-[\w-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { text, bytes, peakGrowth } = await consume(res);
    // Over 40 MB went out; holding it (or its rows) at once would grow the heap by far more than this.
    expect(bytes).toBeGreaterThan(40_000_000);
    expect(peakGrowth).toBeLessThan(30_000_000);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows.length).toBe(ROWS + 1);
    const header = rows[0]!;
    expect(header.slice(0, 3)).toEqual(['id', 'received_at', 'channel']);
    const textAt = header.indexOf('text');
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byId.size).toBe(ROWS);
    const cell = (i: number) => byId.get(`rsp_${String(i).padStart(6, '0')}`)![textAt];
    expect(cell(0)).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(cell(1)).toBe("'+1+1");
    expect(cell(2)).toBe("'-2");
    expect(cell(3)).toBe("'@SUM(A1)");
    expect(cell(4)).toBe("'\tTabbed");
    expect(cell(5)).toBe("'\rReturn");
    expect(cell(6)).toBe('Comma, "quoted"\nnewline');
    expect(cell(7)).toBe('退款，还没到账');
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it('streams the same rows as a JSON array, honouring the inbox filters', async () => {
    seed(ROWS);
    const res = await download('format=json&status=resolved&sort=priority');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/\.json"$/);
    const { text, peakGrowth } = await consume(res);
    expect(peakGrowth).toBeLessThan(30_000_000);
    const items = JSON.parse(text) as Array<{ id: string; status: string; priority: number; text: string }>;
    expect(items.length).toBe(ROWS / 10);
    expect(items.every((i) => i.status === 'resolved')).toBe(true);
    const priorities = items.map((i) => i.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(items.find((i) => i.id === 'rsp_000000')!.text).toBe(HOSTILE[0]);
  });

  it('exports a search, and refuses a bad format or filter with 422', async () => {
    seed(30);
    const res = await download(`format=json&q=${encodeURIComponent('到账')}`);
    expect(((await res.json()) as Array<{ id: string }>).map((i) => i.id)).toEqual(['rsp_000007']);
    expect((await download('format=xlsx')).status).toBe(422);
    expect((await download('status=nope')).status).toBe(422);
    expect((await ctx.app.request(`/admin/api/sites/${ctx.site.id}/export`)).status).toBe(401);
  });

  it('writes numbers as numbers and neutralises formulas only in text', () => {
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField('-0.5')).toBe("'-0.5");
    expect(csvField(null)).toBe('');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
  });
});
