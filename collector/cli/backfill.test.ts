import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';

const CLI = fileURLToPath(new URL('./backfill.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
  for (const text of ['I want a refund', 'Where is the export button?']) {
    expect((await postResponse(ctx, feedback({ text }))).status).toBe(200);
  }
});
afterEach(async () => {
  await ctx.close();
});

function backfill(args: string[], env: Record<string, string> = { DATA_DIR: ctx.dir }, cwd?: string) {
  const result = spawnSync(TSX, [CLI, ...args], { env: { ...process.env, ...env }, cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('backfill CLI', () => {
  it('re-analyses one site with --site', () => {
    const result = backfill(['--site', ctx.site.id]);
    expect(result).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Re-analysed 2 responses/) });
  });

  it('stops after the batch it is writing on Ctrl-C, says how to go on, and --after goes on from there', async () => {
    // 6,002 responses: a dozen batches of 500, more than one can write before the signal comes.
    const columns = ctx.store.sqlite.prepare("select name from pragma_table_info('responses')").pluck().all() as string[];
    const copied = columns.map((c) => (c === 'id' ? `'rsp_copy_' || printf('%05d', i)` : c === 'idempotency_key' ? `'copy_' || i` : c));
    ctx.store.sqlite.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 6000)
      insert into responses (${columns.join(', ')}) select ${copied.join(', ')} from n, (select * from responses limit 1)`);
    // As `npm run backfill` starts it (not through tsx's runner, which would kill it: see the CLI).
    const child = spawn(process.execPath, ['--import', 'tsx', CLI], { env: { ...process.env, DATA_DIR: ctx.dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // The progress line drawn at the start: the run is under way.
    await once(child.stderr, 'data');
    child.kill('SIGINT');
    const [status] = await once(child, 'exit');
    expect(status).toBe(130);
    const stopped = /^Stopped: Re-analysed (\d+) responses in .* (\d+) left\. To go on from there: npm run backfill -- --after (rsp_\S+)$/m.exec(stdout);
    expect(stopped, stdout).not.toBeNull();
    const [, done, left, lastId] = stopped!;
    expect(Number(done) % 500).toBe(0);
    expect(Number(done) + Number(left)).toBe(6002);
    expect(Number(left)).toBeGreaterThan(0);
    expect(backfill(['--after', lastId!])).toMatchObject({ status: 0, stdout: expect.stringMatching(new RegExp(`^Re-analysed ${left} responses`)) });
    const unanalysed = ctx.store.sqlite.prepare('select count(*) from responses where sentiment is null').pluck().get();
    expect(unanalysed).toBe(0);
  });

  it('refuses a DATA_DIR without a database instead of creating an empty one', () => {
    const missing = join(ctx.dir, 'nonexistent');
    const result = backfill([], { DATA_DIR: missing });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`No database at ${join(missing, 'feedloop.sqlite')}. Set DATA_DIR`);
    expect(spawnSync('ls', [ctx.dir], { encoding: 'utf8' }).stdout).not.toContain('nonexistent');
  });

  it('refuses to run from a folder without a database when DATA_DIR is not set', () => {
    const env = { ...process.env };
    delete env.DATA_DIR;
    const result = spawnSync(TSX, [CLI], { env, cwd: ctx.dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`No database at ${join(ctx.dir, 'data', 'feedloop.sqlite')}`);
    expect(spawnSync('ls', [ctx.dir], { encoding: 'utf8' }).stdout).not.toContain('data');
  });

  it('refuses a --site that names no site, listing the sites there are', () => {
    const result = backfill(['--site', 'nosuch']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`No site "nosuch" in ${join(ctx.dir, 'feedloop.sqlite')}. Its sites: ${ctx.site.id} (`);
  });

  it.each([[['--site', 'site_x', '--bogus']], [['--site']]])('refuses the arguments %j with the usage', (args) => {
    const result = backfill(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^(Unknown option '--bogus'.*|Option '--site <value>' argument missing)\n\nUsage: npm run backfill/);
  });

  it('refuses a --site that npm took for itself (npm run backfill --site=x, without --)', () => {
    const result = backfill([], { DATA_DIR: ctx.dir, npm_config_site: ctx.site.id });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^npm took --site for itself: put -- before it \(npm run backfill -- --site <site id>\)\.\n\nUsage:/);
  });

  it('writes whole progress lines when stderr is no terminal (a CI log)', () => {
    const result = backfill([]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^\[\.{24}\] {2}0\/2 {2}0\.0% {2}0\/s\n\[#{24}\] {2}2\/2 {2}100\.0% {2}[\d,]+\/s\n$/);
  });

  it('redraws one progress line in place on a terminal', () => {
    // script(1) runs the CLI on a pseudo-terminal (which turns \n into \r\n); stdout and stderr both go there.
    const result = spawnSync('script', ['-qec', `'${TSX}' '${CLI}'`, '/dev/null'], { env: { ...process.env, DATA_DIR: ctx.dir }, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\r\[\.{24}\] {2}0\/2 {2}0\.0% {2}0\/s\r\[#{24}\] {2}2\/2 {2}100\.0% {2}[\d,]+\/s\r\nRe-analysed 2 responses/);
  });

  it('prints the usage for --help and does nothing else', () => {
    rmSync(join(ctx.dir, 'feedloop.sqlite'), { force: true });
    const result = backfill(['--help']);
    expect(result).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^Usage: npm run backfill \[-- --site <site id>\] \[--after <response id>\]\n/) });
  });

  it('ends the progress line before an error that stops the run', async () => {
    // Any failure once the progress line is drawn; `database is locked` after 5 s is the usual one.
    await sql`create trigger refuse_updates before update on responses begin select raise(abort, 'stopped by a trigger'); end`.execute(ctx.store.db);
    const result = backfill([]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^\[\.+\] {2}0\/2 {2}0\.0% {2}0\/s\nstopped by a trigger\n$/);
  });
});
