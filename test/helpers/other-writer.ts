import { spawn } from 'node:child_process';
import { once } from 'node:events';

const root = new URL('../..', import.meta.url);

/**
 * Another process on the same SQLite file (the backfill CLI next to a running collector, say): it
 * takes the write lock, runs `statements` and holds the lock for `holdMs` before committing.
 * Resolves once the lock is held; `released` resolves when the process has committed and exited.
 * A process, not a second connection in the test: waiting for the lock blocks the waiting thread
 * in SQLite's busy handler, so a lock held on that same thread would never be let go.
 */
export async function holdWriteLock(file: string, holdMs: number, statements = ''): Promise<{ released: Promise<unknown> }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.env.DB_FILE);
       db.exec('begin immediate;' + process.env.STATEMENTS);
       process.stdout.write('locked\\n');
       setTimeout(() => { db.exec('commit'); db.close(); }, Number(process.env.HOLD_MS));`,
    ],
    { cwd: root, env: { ...process.env, DB_FILE: file, HOLD_MS: String(holdMs), STATEMENTS: statements }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const released = once(child, 'exit');
  await Promise.race([once(child.stdout, 'data'), released.then(() => Promise.reject(new Error('the other writer exited before locking')))]);
  return { released };
}
