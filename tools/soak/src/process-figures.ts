import { readdir } from 'node:fs/promises';
import { processMemory } from '@dird/bench/src/servers/server-process.js';

/** The daemon's resident memory (VmRSS, bytes) and open file descriptors (/proc/PID/fd), on Linux. */
export async function processFigures(pid: number): Promise<{ rss: number; fds: number }> {
  const [{ rss }, fds] = await Promise.all([
    processMemory(pid),
    readdir(`/proc/${pid}/fd`).then(
      (entries) => entries.length,
      () => 0,
    ),
  ]);
  return { rss, fds };
}
