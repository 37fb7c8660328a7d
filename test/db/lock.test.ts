import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DatabaseLockedError, lockDirectory } from '../../src/db/lock.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'assure-lock-'));
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('embedded database directory lock', () => {
  it('lets one holder in and refuses a second, naming the holder', () => {
    const dir = tempDir();
    const lock = lockDirectory(dir, 'assure serve');
    try {
      assert.throws(
        () => lockDirectory(dir, 'assure orgs import'),
        (error: unknown) =>
          error instanceof DatabaseLockedError &&
          error.holder.pid === process.pid &&
          error.message.includes(`process ${process.pid} (assure serve`),
      );
    } finally {
      lock.release();
    }
    lockDirectory(dir, 'again').release();
  });

  it('takes over a lock left by a process that has died', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'assure.lock'),
      JSON.stringify({ pid: deadPid(), hostname: os.hostname(), command: 'crashed', since: '2026-01-01T00:00:00Z' }),
    );
    const lock = lockDirectory(dir, 'assure serve');
    assert.equal((JSON.parse(fs.readFileSync(lock.file, 'utf8')) as { pid: number }).pid, process.pid);
    lock.release();
    assert.equal(fs.existsSync(lock.file), false);
  });

  it('never removes a lock that another process took after ours', () => {
    const dir = tempDir();
    const lock = lockDirectory(dir, 'assure serve');
    fs.writeFileSync(lock.file, JSON.stringify({ pid: 1, hostname: os.hostname(), command: 'other', since: 'now' }));
    lock.release();
    assert.equal(fs.existsSync(lock.file), true);
  });

  it('makes a second process (the CLI) fail clearly while the directory is held, without touching data', () => {
    const dir = tempDir();
    const lock = lockDirectory(dir, 'assure serve');
    try {
      const result = spawnSync(process.execPath, ['bin/assure.js', 'orgs', 'list'], {
        env: { ...process.env, ASSURE_DATA_DIR: dir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
      assert.equal(result.status, 3);
      assert.match(result.stderr, new RegExp(`in use by process ${process.pid} \\(assure serve`));
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
      assert.equal(fs.existsSync(path.join(dir, 'pglite')), false, 'the second process must not open the database');
    } finally {
      lock.release();
    }
  });
});
