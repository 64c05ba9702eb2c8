import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext } from '../../test/helpers/context.ts';

const CLI = fileURLToPath(new URL('./seed.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const SEED = fileURLToPath(new URL('../../examples/surveys/seed.json', import.meta.url));

const seed = (dataDir: string) => spawnSync(TSX, [CLI, SEED], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

describe('seed CLI', () => {
  it('saves the example surveys onto the first site, as new versions when run again', async () => {
    ctx = await createTestContext();
    const first = seed(ctx.dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^created srv_\S+ v1 /m);
    expect(seed(ctx.dir).stdout).toMatch(/^updated srv_\S+ v2 /m);
  });

  it('refuses a DATA_DIR without a database instead of creating an empty one there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedloop-seed-'));
    try {
      const result = seed(join(dir, 'typo'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`No database at ${join(dir, 'typo', 'feedloop.sqlite')}`);
      expect(existsSync(join(dir, 'typo'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
