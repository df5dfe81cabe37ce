import { type Stats, unwatchFile, watchFile } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What identifies one version of a file on disk. The change time is part of it so that a change of
 * permissions (a file made unreadable) is noticed and reported, not only a change of content.
 */
export function fileVersion(s: Pick<Stats, 'mtimeMs' | 'ctimeMs' | 'size' | 'ino'> | null): string {
  return s ? `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}` : 'missing';
}

async function currentVersion(file: string): Promise<string> {
  return fileVersion(await stat(file).catch(() => null));
}

/**
 * Polls a file's metadata (works for files replaced by rename, on any filesystem, and for files that do not
 * exist yet) and calls `onChange` once the file has stopped changing, one call at a time.
 */
export class FileWatcher {
  private running = false;
  private again = false;
  private closed = false;
  private readonly listener = () => void this.changed();

  constructor(
    private readonly file: string,
    intervalMs: number,
    private readonly onChange: () => Promise<void>,
    private readonly settleMs = 200,
  ) {
    watchFile(file, { interval: intervalMs, persistent: false }, this.listener);
  }

  private async changed(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.settle();
        if (!this.closed) await this.onChange();
      } while (this.again && !this.closed);
    } finally {
      this.running = false;
    }
  }

  /** Waits until two looks `settleMs` apart agree, so a file being written is read once, when complete. */
  private async settle(): Promise<void> {
    let before = await currentVersion(this.file);
    for (let i = 0; i < 50 && !this.closed; i++) {
      await sleep(this.settleMs);
      const now = await currentVersion(this.file);
      if (now === before) return;
      before = now;
    }
  }

  close(): void {
    this.closed = true;
    unwatchFile(this.file, this.listener);
  }
}
