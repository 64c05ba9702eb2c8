import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./analyze.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(input: string | Buffer) {
  const result = spawnSync(TSX, [CLI], { input, encoding: 'utf8' });
  return {
    status: result.status,
    stderr: result.stderr,
    lines: result.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)),
  };
}

describe('analyze CLI', () => {
  it('answers every input line, in order, skipping blank lines', () => {
    const { status, lines } = run(
      ['{"text":"I love it"}', '', '{"text":"太慢了","locale":"zh-CN"}', '{"text":"terrible"}'].join('\n'),
    );
    expect(status).toBe(0);
    expect(lines.map((l) => [l.label, l.language])).toEqual([
      ['pos', 'en'],
      ['neg', 'zh'],
      ['neg', 'en'],
    ]);
    expect(lines[0]).toHaveProperty('keywords');
    expect(lines[0]).toHaveProperty('cues');
  });

  it('answers an invalid line with an error naming its input line in its place, and exits 1', () => {
    const { status, stderr, lines } = run(['not json', '', '{"text":5}', '{"text":"ok","locale":7}', '{"text":"great"}'].join('\n'));
    expect(status).toBe(1);
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => [l.error?.code, l.error?.line])).toEqual([
      ['invalid_input', 1],
      ['invalid_input', 3],
      ['invalid_input', 4],
    ]);
    expect(lines[0].error.message).toMatch(/^not JSON \(.+\)$/);
    expect(lines[3].label).toBe('pos');
    expect(stderr).toBe('analyze: 3 of 4 lines were invalid (the first is line 1); each is answered with an error in its place.\n');
  });

  it('reads a file saved with a byte-order mark and CRLF line ends', () => {
    const { status, lines } = run('\uFEFF{"text":"I love it"}\r\n\r\n{"text":"terrible"}\r\n');
    expect(status).toBe(0);
    expect(lines.map((l) => l.label)).toEqual(['pos', 'neg']);
  });

  it('takes a null locale as none, as an export piped through jq writes it', () => {
    const { status, lines } = run('{"text":"I love it","locale":null}\n');
    expect(status).toBe(0);
    expect(lines[0]).toMatchObject({ label: 'pos' });
  });

  it('refuses a line that is not UTF-8 instead of scoring replacement characters', () => {
    const latin1 = Buffer.concat([Buffer.from('{"text":"tr'), Buffer.from([0xe8]), Buffer.from('s bien"}\n{"text":"great"}\n')]);
    const { status, lines } = run(latin1);
    expect(status).toBe(1);
    expect(lines[0]).toEqual({ error: { code: 'invalid_input', message: 'not UTF-8', line: 1 } });
    expect(lines[1].label).toBe('pos');
  });

  it('skips a line over 1 MiB with an error in its place and answers the lines after it', () => {
    const huge = JSON.stringify({ text: 'slow '.repeat(220_000) });
    const { status, lines } = run(`${huge}\n{"text":"great"}\n`);
    expect(status).toBe(1);
    expect(lines).toEqual([{ error: { code: 'invalid_input', message: 'longer than 1048576 bytes', line: 1 } }, expect.objectContaining({ label: 'pos' })]);
  });

  it('ends quietly when its reader stops early (| head)', async () => {
    const child = spawn(TSX, [CLI], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Once the CLI has gone, the rest of the input meets a closed pipe: expected, not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end('{"text":"I love it"}\n'.repeat(50_000));
    child.stdout.once('data', () => child.stdout.destroy());
    const [status] = await once(child, 'exit');
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
