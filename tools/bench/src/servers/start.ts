import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort } from '@dird/core/testkit';
import { startServer, type ServerProcess } from './server-process.js';

const require = createRequire(import.meta.url);

/** The built daemon's command (`apps/dird/bin/dird.js`, which runs `dist/`). */
export const DIRD_BIN = path.join(path.dirname(require.resolve('@dird/dird/package.json')), 'bin', 'dird.js');

/** The test backends (`slow`, …) for `plugin_paths`. */
export const TEST_PLUGINS = path.join(path.dirname(DIRD_BIN), '..', 'test', 'plugins');

/** Options of {@link startDird}. */
export interface DirdOptions {
  /** The main config (written as JSON, which is YAML); `rest_api` is set here. */
  readonly config: Record<string, unknown>;
  /** Folder for config.yml (and CPU profiles). */
  readonly dir: string;
  /** `warning` for load runs; `info` to read the load log lines. */
  readonly logLevel?: 'warning' | 'info';
  /** Write a V8 CPU profile (`--cpu-prof`) into `dir` when the daemon stops. */
  readonly cpuProfile?: boolean;
}

/** Starts the real, built daemon pinned to the server core; resolves once its API answers. */
export async function startDird(options: DirdOptions): Promise<ServerProcess> {
  const port = await freePort();
  const configFile = path.join(options.dir, 'config.yml');
  const config = { ...options.config, rest_api: { listen: '127.0.0.1', port } };
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const profile = options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${options.dir}`] : [];
  return startServer({
    name: 'dird',
    nodeArgs: [...profile, DIRD_BIN, '-c', configFile, '-l', options.logLevel ?? 'warning'],
    port,
    readyPath: '/0.1/api/api.json',
    readyTimeoutMs: 180_000,
    cwd: options.dir,
  });
}

/** Starts the ceiling server pinned to the server core. */
export async function startCeiling(): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: 'ceiling',
    nodeArgs: ['--import', require.resolve('tsx'), path.join(import.meta.dirname, 'ceiling-server.ts'), String(port)],
    port,
    readyPath: '/',
  });
}

/**
 * Starts the answer floor (`replay-server.ts`) pinned to the server core: a bare Fastify route answering each
 * path of `answersFile` (path -> answer text) with its recorded answer.
 */
export async function startReplay(answersFile: string): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: 'replay',
    nodeArgs: [
      '--import',
      require.resolve('tsx'),
      path.join(import.meta.dirname, 'replay-server.ts'),
      String(port),
      answersFile,
    ],
    port,
    readyPath: '/',
  });
}
