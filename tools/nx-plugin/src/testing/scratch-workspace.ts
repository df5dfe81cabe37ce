import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';

const execFileAsync = promisify(execFile);

/** A throw-away copy of the workspace, for running generators and builds that must not touch the real one. */
export interface ScratchWorkspace {
  /** The copy's root folder. */
  readonly dir: string;
  /** Runs `node <args>` in the copy (Nx without its daemon or cloud), failing with the output when it fails. */
  node(args: readonly string[], timeoutMs?: number): Promise<string>;
  /** Runs `npm <args>` in the copy. */
  npm(args: readonly string[], timeoutMs?: number): Promise<string>;
  /** Links a new workspace package into `node_modules/@dird`, as `npm install` would. */
  link(packageDir: string): Promise<void>;
  /** Removes the copy. */
  remove(): Promise<void>;
}

/**
 * Copies the workspace's files (git-tracked and untracked-but-not-ignored: no builds, no caches) to a temp
 * folder, and gives it a `node_modules` of links into the real one. A full install there takes 30 to 60 s (npm
 * copies 250 MB from its cache: measured 58 s with `npm install --offline`); the links take milliseconds. Only `node_modules/@dird` is rebuilt as npm would
 * make it (relative links to the copy's own packages), so the copy resolves its own workspace packages, and a
 * package added to the copy is linked with {@link ScratchWorkspace.link}. Dot-folders (`.vite`, `.cache`)
 * are left out, so caches written in the copy stay in the copy.
 */
export async function createScratchWorkspace(root: string): Promise<ScratchWorkspace> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'dird-scratch-')));
  try {
    await copyWorkspaceFiles(root, dir);
    await linkNodeModules(root, dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const env = childEnv();
  const exec = async (command: string, args: readonly string[], timeoutMs: number) => {
    try {
      const { stdout, stderr } = await execFileAsync(command, args, {
        cwd: dir,
        env,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stripVTControlCharacters(stdout + stderr);
    } catch (err) {
      const e = err as Error & { stdout?: string; stderr?: string };
      const output = stripVTControlCharacters(`${e.stdout ?? ''}${e.stderr ?? ''}`);
      throw new Error(`${command} ${args.join(' ')} failed in ${dir}: ${e.message}\n${output}`, {
        cause: err,
      });
    }
  };
  return {
    dir,
    node: (args, timeoutMs = 120_000) => exec(process.execPath, args, timeoutMs),
    npm: (args, timeoutMs = 120_000) => exec('npm', args, timeoutMs),
    async link(packageDir) {
      const name = JSON.parse(await readFile(path.join(dir, packageDir, 'package.json'), 'utf8')).name as string;
      const link = path.join(dir, 'node_modules', ...name.split('/'));
      await symlink(path.relative(path.dirname(link), path.join(dir, packageDir)), link);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function copyWorkspaceFiles(root: string, dir: string): Promise<void> {
  const { stdout } = await execFileAsync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = stdout.split('\0').filter(Boolean);
  await Promise.all(
    files.map(async (file) => {
      const from = path.join(root, file);
      // A tracked file deleted in the working tree is not part of the workspace as it stands.
      if (!(await stat(from).catch(() => null))?.isFile()) return;
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await copyFile(from, path.join(dir, file));
    }),
  );
}

async function linkNodeModules(root: string, dir: string): Promise<void> {
  const from = path.join(root, 'node_modules');
  const to = path.join(dir, 'node_modules');
  await mkdir(to);
  for (const entry of await readdir(from)) {
    if (entry === '@dird') continue;
    if (entry.startsWith('.') && entry !== '.bin') continue;
    await symlink(path.join(from, entry), path.join(to, entry));
  }
  await mkdir(path.join(to, '@dird'));
  for (const name of await readdir(path.join(from, '@dird'))) {
    const target = await readlink(path.join(from, '@dird', name));
    const inWorkspace = path.relative(root, path.resolve(from, '@dird', target));
    await symlink(path.relative(path.join(to, '@dird'), path.join(dir, inWorkspace)), path.join(to, '@dird', name));
  }
  // Workspace packages with dependencies npm could not hoist keep them in their own node_modules.
  const workspaces = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).workspaces as string[];
  for (const group of workspaces.filter((w) => w.endsWith('/*')).map((w) => w.slice(0, -2))) {
    for (const pkg of await readdir(path.join(root, group)).catch(() => [] as string[])) {
      const nested = path.join(root, group, pkg, 'node_modules');
      if (await stat(path.join(dir, group, pkg)).catch(() => null)) {
        if (await stat(nested).catch(() => null)) await symlink(nested, path.join(dir, group, pkg, 'node_modules'));
      }
    }
  }
}

/** The environment of the copy's processes: no Nx daemon, cloud or prompts, and none of this test run's vitest state. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$)/.test(k)),
  );
  return {
    ...env,
    NO_COLOR: '1',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_INTERACTIVE: 'false',
    CI: 'true',
  };
}
