import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { LOAD_CORE, pinned, SERVER_CORE } from '../servers/pinning.js';
import type { ClosedLoopSpec } from './closed-loop.js';
import type { LoadResult, LoadSpec } from './load-spec.js';

const require = createRequire(import.meta.url);

/** Runs `script` (a load program of this folder) on `spec` in a process of its own pinned to `core`. */
async function runLoadProgram(script: string, spec: object, seconds: number, core: number): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-bench-load-'));
  try {
    const file = path.join(dir, 'spec.json');
    await writeFile(file, JSON.stringify(spec));
    const program = path.join(import.meta.dirname, script);
    const out = await runNode(['--import', require.resolve('tsx'), program, file], (seconds + 60) * 1000, core);
    return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the load program (autocannon, or the lean one) in a process of its own on the load core. */
export function drive(spec: LoadSpec): Promise<LoadResult> {
  const program = spec.driver === 'lean' ? 'lean-load.ts' : 'autocannon-load.ts';
  return runLoadProgram(program, spec, spec.warmupS + spec.durationS, LOAD_CORE);
}

/**
 * Runs the searches straight through a client library, in a process on the server core: that process does
 * what dird does in the other measurement, so both use the same core.
 */
export function driveDirect(spec: ClosedLoopSpec): Promise<LoadResult> {
  return runLoadProgram('closed-loop.ts', spec, spec.warmupS + spec.durationS, SERVER_CORE);
}

/** Runs `node args` pinned to `core`; resolves with its stdout, rejects on failure or after `timeoutMs`. */
export function runNode(args: readonly string[], timeoutMs: number, core: number): Promise<string> {
  const [command, argv] = pinned(core, process.execPath, args);
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
