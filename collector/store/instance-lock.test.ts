import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUse, lockDataDir } from './instance-lock.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the data folder lock', () => {
  it('is held by one collector at a time, and free again once released', () => {
    dir = mkdtempSync(join(tmpdir(), 'feedloop-lock-'));
    const first = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUse);
    first.release();
    lockDataDir(dir).release();
  });

  it('is dropped by the system when its process dies, however it dies', async () => {
    dir = mkdtempSync(join(tmpdir(), 'feedloop-lock-'));
    const holder = fork(new URL('../../test/helpers/hold-lock.ts', import.meta.url), [dir], { execArgv: ['--import', 'tsx'] });
    await new Promise<void>((resolve) => holder.once('message', () => resolve()));
    expect(() => lockDataDir(dir)).toThrow(/Another collector is already running/);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    lockDataDir(dir).release();
  });
});
