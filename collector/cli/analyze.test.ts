import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./analyze.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(input: string) {
  const result = spawnSync(TSX, [CLI], { input, encoding: 'utf8' });
  return { status: result.status, lines: result.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)) };
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

  it('answers an invalid line with an error in its place and exits 1', () => {
    const { status, lines } = run(['not json', '{"text":5}', '{"text":"ok","locale":7}', '{"text":"great"}'].join('\n'));
    expect(status).toBe(1);
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => l.error?.code)).toEqual(['invalid_input', 'invalid_input', 'invalid_input']);
    expect(lines[3].label).toBe('pos');
  });
});
