import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * `npm run size`: raw / gzip / brotli bytes of each shipped widget file against its budget.
 * Run after a build (the npm script builds first). Exits 1 when any budget is broken.
 */
const dist = resolve(import.meta.dirname, '../dist/widget');

interface Entry {
  name: string;
  files: string[];
  /** Brotli budget in bytes. */
  budget: number;
}

const ENTRIES: Entry[] = [
  { name: 'widget.js', files: ['widget.js'], budget: 4096 },
  { name: 'widget.js+widget-ui.js', files: ['widget.js', 'widget-ui.js'], budget: 16384 },
];

function measure(files: string[]) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

let failed = false;
for (const entry of ENTRIES) {
  const size = measure(entry.files);
  const ok = size.brotli <= entry.budget;
  failed ||= !ok;
  console.log(
    `${entry.name} raw=${size.raw} gzip=${size.gzip} brotli=${size.brotli} budget=${entry.budget} ${ok ? 'ok' : 'OVER'}`,
  );
}
process.exit(failed ? 1 : 0);
