import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The repository's root folder. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Builds every package with Nx (cached: nothing is rebuilt when dist is up to date), so the daemon runs `dist/`. */
export function buildDaemon(): void {
  const started = performance.now();
  const nx = require.resolve('nx/bin/nx.js');
  const run = spawnSync(process.execPath, [nx, 'run-many', '-t', 'build', '--outputStyle=static'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_NO_CLOUD: 'true' },
  });
  if (run.status !== 0) {
    throw new Error(`bench: the build failed (nx run-many -t build):\n${run.stdout}\n${run.stderr}`);
  }
  process.stdout.write(`build: up to date (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
