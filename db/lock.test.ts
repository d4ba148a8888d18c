import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, DataFolderLockedError } from './lock';

const tempLock = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'pglite.lock');

describe('the PGlite data-folder lock', () => {
  it('refuses a second holder while the first process lives, naming its pid', async () => {
    const lockPath = tempLock();
    const holder = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(lockPath)}, String(process.pid)); setTimeout(() => {}, 30000)`]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      let error: unknown;
      try {
        acquireLock(lockPath);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DataFolderLockedError);
      expect((error as Error).message).toContain(`pid ${holder.pid}`);
      expect((error as Error).message).toMatch(/Stop that process first/);
    } finally {
      holder.kill();
    }
  });

  it('takes over a stale lock left by a process that died, and releases it', () => {
    const lockPath = tempLock();
    fs.writeFileSync(lockPath, '999999');
    const release = acquireLock(lockPath);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });
});
