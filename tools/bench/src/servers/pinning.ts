import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The core the measured server runs on, and the core the load runs on. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, binary);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

const taskset = os.availableParallelism() >= 2 ? onPath('taskset') : undefined;

/** True when servers and load run on cores of their own (taskset exists and there are 2 cores or more). */
export const pinningActive = taskset !== undefined;

/** `command args` pinned to `core` with taskset when it can be, else unchanged. */
export function pinned(core: number, command: string, args: readonly string[]): [string, string[]] {
  return taskset ? [taskset, ['-c', String(core), command, ...args]] : [command, [...args]];
}
