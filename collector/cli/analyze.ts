/**
 * `npm run -s analyze`: scores exported or imported feedback in bulk.
 *
 *   in:  one JSON object a line, {"text": "...", "locale": "zh-CN"} (locale optional, null as
 *        absent), UTF-8 (a byte-order mark is ignored), \n or \r\n line ends
 *   out: one JSON line per non-blank input line, in the same order — the full analysis, or
 *        {"error": {"code": "invalid_input", "message": "...", "line": 7}} for a line that is not
 *        such an object, not UTF-8 or longer than MAX_LINE_BYTES (so the Nth output line answers
 *        the Nth non-blank input line, and `line` counts every input line, blank ones too).
 *        Blank lines are skipped: a file that ends in an empty line, or holds a few, gets no
 *        answers for them.
 *   exit: 0, or 1 if any line was invalid (their count on stderr), or 2 if the input could not
 *        be read or the output not written (the reason on stderr). A reader that stops early
 *        (`| head -3`) just ends the run.
 *
 * Streams: each line is answered as it is read, and reading waits while stdout is full, so any
 * size of input runs in constant memory.
 */
import { once } from 'node:events';
import { analyze } from '../services/analysis/analyze.ts';

/**
 * Longest line answered: far past any feedback (the analysis reads the first 20,000 characters of
 * a text), yet a file without line breaks (a whole export on one line) is skipped through, never
 * held in memory: readline would build it into one string and die at V8's 512 MB string limit,
 * losing every line after it.
 */
const MAX_LINE_BYTES = 1 << 20;

type Line = { number: number; bytes: Buffer } | { number: number; tooLong: true };

/**
 * The input's lines as bytes, numbered from 1, those each chunk completes together (one await a
 * chunk, not one a line); a line over MAX_LINE_BYTES arrives as tooLong.
 */
async function* readLines(input: AsyncIterable<Buffer>): AsyncGenerator<Line[]> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const add = (piece: Buffer) => {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > MAX_LINE_BYTES) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(piece);
    size += piece.length;
  };
  const take = (): Line => {
    const line: Line = tooLong ? { number: ++number, tooLong } : { number: ++number, bytes: Buffer.concat(parts, size) };
    parts = [];
    size = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of input) {
    const lines: Line[] = [];
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      add(chunk.subarray(start, end));
      lines.push(take());
      start = end + 1;
    }
    add(chunk.subarray(start));
    if (lines.length > 0) yield lines;
  }
  if (size > 0 || tooLong) yield [take()];
}

// fatal: a Latin-1 or Windows-1252 export would otherwise be scored with U+FFFD where its accents
// were, silently wrong. Each line is decoded on its own, so a byte-order mark at the start of the
// file (or of each file in a `cat a b`) is dropped too.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function answer(line: Line): { output: unknown; ok: boolean } | undefined {
  if ('tooLong' in line) return invalid(line, `longer than ${MAX_LINE_BYTES} bytes`);
  let text: string;
  try {
    text = utf8.decode(line.bytes);
  } catch {
    return invalid(line, 'not UTF-8');
  }
  if (text.trim() === '') return undefined;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return invalid(line, `not JSON (${(error as Error).message})`);
  }
  if (typeof input !== 'object' || input === null || typeof (input as { text?: unknown }).text !== 'string') {
    return invalid(line, 'expected an object with a string "text"');
  }
  const { text: feedback, locale } = input as { text: string; locale?: unknown };
  // An export piped through `jq -c '.[] | {text, locale}'` writes null for a response without one.
  if (locale !== undefined && locale !== null && typeof locale !== 'string') {
    return invalid(line, '"locale" must be a string');
  }
  return { output: analyze(feedback, typeof locale === 'string' ? { locale } : {}), ok: true };
}

const invalid = (line: Line, message: string) => ({ output: { error: { code: 'invalid_input', message, line: line.number } }, ok: false });

/** Stops the run with a reason on stderr: the output is incomplete. */
function stop(what: string, error: unknown): never {
  process.stderr.write(`analyze: ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

let read = 0;
let answered = 0;
let failed = 0;
let firstFailed = 0;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // The reader went away (`| head -3`): it has what it wanted, which is no failure of ours.
  if (error.code === 'EPIPE') process.exit(failed > 0 ? 1 : 0);
  stop('could not write the output', error);
});
try {
  for await (const lines of readLines(process.stdin)) {
    let output = '';
    for (const line of lines) {
      read = line.number;
      const result = answer(line);
      if (!result) continue;
      answered++;
      if (!result.ok) {
        failed++;
        firstFailed ||= line.number;
      }
      output += `${JSON.stringify(result.output)}\n`;
    }
    if (output !== '' && !process.stdout.write(output)) await once(process.stdout, 'drain');
  }
} catch (error) {
  stop(`stopped after input line ${read}`, error);
}
if (failed > 0) {
  process.stderr.write(`analyze: ${failed} of ${answered} lines were invalid (the first is line ${firstFailed}); each is answered with an error in its place.\n`);
  process.exitCode = 1;
}
