import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';

let ctx: TestContext;
afterEach(async () => {
  await ctx.close();
});

/**
 * Another process with a read transaction open on the database (a backup, say) until it is killed.
 * A process, not a second connection here: the busy handler would block the very thread that
 * would have to end the read.
 */
async function holdRead(file: string) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.env.DB_FILE);
       db.exec('begin');
       db.prepare('select count(*) from responses').get();
       process.stdout.write('reading\\n');
       setInterval(() => {}, 1000);`,
    ],
    { cwd: new URL('../..', import.meta.url), env: { ...process.env, DB_FILE: file }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await once(child.stdout, 'data');
  return child;
}

it('answers the first request of a day at once while another process reads the database', async () => {
  ctx = await createTestContext();
  expect((await postResponse(ctx, feedback(), { ip: '203.0.113.5' })).status).toBe(200);
  const reader = await holdRead(join(ctx.dir, 'feedloop.sqlite'));
  try {
    // A commit after the reader's snapshot: the WAL cannot be emptied while it reads.
    expect((await postResponse(ctx, feedback({ text: 'Written while the backup reads' }), { ip: '203.0.113.5' })).status).toBe(200);
    await ctx.store.writes.drain();
    // Two days on, the first request deletes the old salt and tries to empty the WAL.
    ctx.clock.advance(2 * 24 * 60 * 60 * 1000);
    const started = performance.now();
    expect((await postResponse(ctx, feedback({ text: 'The first one after midnight' }), { ip: '203.0.113.5' })).status).toBe(200);
    // It waited 5 s (the connection's busy_timeout) for the reader, the event loop stopped meanwhile.
    expect(performance.now() - started).toBeLessThan(1000);
  } finally {
    reader.kill();
  }
  expect(await ctx.store.db.selectFrom('ip_salts').select('day').execute()).toEqual([{ day: '2026-11-25' }]);
  // The short wait was for the checkpoint only: writes still wait for another writer as long as before.
  expect(ctx.store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
});
