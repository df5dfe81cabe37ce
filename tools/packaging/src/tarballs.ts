import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The monorepo's root folder. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The published packages: every workspace under packages/ and apps/. */
export async function publishedPackages(): Promise<string[]> {
  const out: string[] = [];
  for (const group of ['packages', 'apps']) {
    for (const dir of await readdir(path.join(repoRoot, group))) out.push(path.join(group, dir));
  }
  return out;
}

/** What `npm pack` made of one package. */
export interface Packed {
  /** The tarball's path. */
  readonly tarball: string;
  /** The package's folder in the repository (`packages/backend-csv`). */
  readonly folder: string;
  /** The paths inside the tarball (`dist/index.js`, `README.md`, …). */
  readonly files: readonly string[];
}

/**
 * Builds every package (TypeScript project references), then packs each into a temp folder: name -> tarball.
 * `packed`, when given, receives what each tarball holds.
 */
export async function buildAndPack(packed?: Map<string, Packed>): Promise<Map<string, string>> {
  await run(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json'],
    {
      cwd: repoRoot,
      timeout: 600_000,
    },
  );
  const dest = await mkdtemp(path.join(os.tmpdir(), 'dird-tarballs-'));
  const folders = await publishedPackages();
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--pack-destination', dest, ...folders.flatMap((p) => ['-w', p])],
    {
      cwd: repoRoot,
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const report = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  const folderOf = new Map<string, string>();
  for (const folder of folders) {
    const { name } = JSON.parse(await readFile(path.join(repoRoot, folder, 'package.json'), 'utf8')) as {
      name: string;
    };
    folderOf.set(name, folder);
  }
  for (const p of report) {
    packed?.set(p.name, {
      tarball: path.join(dest, p.filename),
      folder: folderOf.get(p.name)!,
      files: p.files.map((f) => f.path),
    });
  }
  return new Map(report.map((p) => [p.name, path.join(dest, p.filename)]));
}

/**
 * An empty project outside the repository that depends on `direct` only; every `@dird/*` package resolves to
 * its tarball (npm `overrides`), everything else comes from the registry.
 */
export async function scratchProject(tarballs: Map<string, string>, direct: string[]): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'dird-install-')));
  if (dir.startsWith(repoRoot)) throw new Error(`the scratch project ${dir} must be outside ${repoRoot}`);
  const file = (name: string) => `file:${tarballs.get(name)}`;
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'dird-install-check',
        private: true,
        dependencies: Object.fromEntries(direct.map((n) => [n, file(n)])),
        overrides: Object.fromEntries([...tarballs.keys()].map((n) => [n, file(n)])),
      },
      null,
      2,
    ),
  );
  return dir;
}

/** `npm install` in `dir` (the npm cache makes it quick when the monorepo was installed on this machine). */
export async function npmInstall(dir: string, ...args: string[]): Promise<void> {
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], { cwd: dir, timeout: 600_000 });
}

/** Adds `name` (resolved to its tarball, the same spec as its override) to the project's dependencies and installs. */
export async function installAlso(dir: string, tarballs: Map<string, string>, name: string): Promise<void> {
  const file = path.join(dir, 'package.json');
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies[name] = `file:${tarballs.get(name)}`;
  await writeFile(file, JSON.stringify(pkg, null, 2));
  await npmInstall(dir);
}
