import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { LOAD_CORE, pinned } from '../servers/pinning.js';
import type { LoadResult, LoadSpec } from './load-spec.js';

const require = createRequire(import.meta.url);

/** Runs autocannon in a process of its own on the load core and returns what it measured. */
export async function drive(spec: LoadSpec): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-bench-load-'));
  try {
    const file = path.join(dir, 'spec.json');
    await writeFile(file, JSON.stringify(spec));
    const script = path.join(import.meta.dirname, 'autocannon-load.ts');
    const out = await runNode(
      ['--import', require.resolve('tsx'), script, file],
      (spec.warmupS + spec.durationS + 60) * 1000,
    );
    return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `node args` pinned to the load core; resolves with its stdout, rejects on failure or after `timeoutMs`. */
export function runNode(args: readonly string[], timeoutMs: number): Promise<string> {
  const [command, argv] = pinned(LOAD_CORE, process.execPath, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`load process ${args.join(' ')} failed (${signal ?? code}):\n${stderr || stdout}`));
    });
  });
}
