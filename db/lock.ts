// An exclusive lock beside the PGlite data folder. PGlite has no lock between processes, and two
// writers on one folder corrupt it; the second opener gets a clear error instead.
import fs from 'node:fs';

export class DataFolderLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database is already in use by another process (pid ${pid}, lock ${lockPath}). ` +
        'Stop that process first, or point this one at another folder with DATA_DIR, or use DATABASE_URL.',
    );
    this.name = 'DataFolderLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataFolderLockedError. Returns a release function. */
export function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readLock(lockPath), 10);
    if (holder === process.pid) return () => {};
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new DataFolderLockedError(lockPath, holder);
    // A stale lock from a process that died: remove it and try again.
    try {
      fs.unlinkSync(lockPath);
    } catch {
      // someone else removed it first
    }
  }
  throw new DataFolderLockedError(lockPath, Number.parseInt(readLock(lockPath), 10) || 0);
}

function readLock(lockPath: string): string {
  try {
    return fs.readFileSync(lockPath, 'utf8').trim();
  } catch {
    return '';
  }
}
