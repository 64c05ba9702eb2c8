/**
 * `npm run -s analyze`: scores exported or imported feedback in bulk.
 *
 *   in:  one JSON object a line, {"text": "...", "locale": "zh-CN"} (locale optional)
 *   out: one JSON line per non-blank input line, in the same order — the full analysis, or
 *        {"error": {"code": "invalid_input", "message": "..."}} for a line that is not such an
 *        object (so the Nth output line answers the Nth non-blank input line). Blank lines are
 *        skipped: a file that ends in an empty line, or holds a few, gets no answers for them.
 *        Exits 1 if any line was invalid.
 *
 * Streams: each line is answered as it is read, and reading waits while stdout is full, so any
 * size of input runs in constant memory.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { analyze } from '../services/analysis/analyze.ts';

function answer(line: string): { output: unknown; ok: boolean } {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { output: invalid('not JSON'), ok: false };
  }
  if (typeof input !== 'object' || input === null || typeof (input as { text?: unknown }).text !== 'string') {
    return { output: invalid('expected an object with a string "text"'), ok: false };
  }
  const { text, locale } = input as { text: string; locale?: unknown };
  if (locale !== undefined && typeof locale !== 'string') {
    return { output: invalid('"locale" must be a string'), ok: false };
  }
  return { output: analyze(text, locale === undefined ? {} : { locale }), ok: true };
}

const invalid = (message: string) => ({ error: { code: 'invalid_input', message } });

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let failed = false;
for await (const line of lines) {
  if (line.trim() === '') continue;
  const { output, ok } = answer(line);
  failed ||= !ok;
  if (!process.stdout.write(`${JSON.stringify(output)}\n`)) await once(process.stdout, 'drain');
}
if (failed) process.exitCode = 1;
