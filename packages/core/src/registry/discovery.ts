import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { Namespaces, PLUGIN_KINDS, type Namespace } from '../plugin-kinds.js';

/** One `name: "module:Export"` line of a package's `dird.entry_points`. */
export interface EntryPoint {
  readonly namespace: Namespace;
  readonly name: string;
  readonly packageName: string;
  readonly packageVersion: string;
  /** Absolute folder of the package. */
  readonly packageDir: string;
  /** Module path relative to the package folder, e.g. `./dist/csv-source-plugin.js`. */
  readonly modulePath: string;
  readonly exportName: string;
}

/** A package.json that declares entry points but states them wrongly, or that cannot be read or parsed. */
export interface DiscoveryProblem {
  readonly packageDir: string;
  readonly message: string;
  /** Set when the package.json exists but could not be read or parsed: its plugins, if any, are unknown. */
  readonly unreadable?: boolean;
}

interface PackageJson {
  name?: string;
  version?: string;
  dird?: { entry_points?: Record<string, Record<string, string>> };
}

const NAMESPACES = new Set<string>(PLUGIN_KINDS.map((k) => Namespaces[k]));

/**
 * The `node_modules` folders Node would search from `fromDir`, nearest first, plus `NODE_PATH`:
 * where installed plugin packages live.
 */
export function moduleSearchPaths(fromDir: string): string[] {
  const out: string[] = [];
  let dir = path.resolve(fromDir);
  for (;;) {
    if (path.basename(dir) !== 'node_modules') out.push(path.join(dir, 'node_modules'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const extra of (process.env.NODE_PATH ?? '').split(path.delimiter)) if (extra) out.push(path.resolve(extra));
  return out;
}

/**
 * The package.json of `dir`; undefined when there is none (a folder that is not a package). One that exists but
 * cannot be read or parsed is a problem, so that its plugins are not silently "not installed".
 */
async function readPackageJson(dir: string, problems: DiscoveryProblem[]): Promise<PackageJson | undefined> {
  const file = path.join(dir, 'package.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') {
      problems.push({
        packageDir: dir,
        message: `${file} cannot be read (${code ?? String(err)}): its package is skipped`,
        unreadable: true,
      });
    }
    return undefined;
  }
  try {
    const pkg = JSON.parse(text) as unknown;
    return pkg && typeof pkg === 'object' ? (pkg as PackageJson) : undefined;
  } catch (err) {
    problems.push({
      packageDir: dir,
      message: `${file} is not valid JSON (${(err as Error).message}): its package is skipped`,
      unreadable: true,
    });
    return undefined;
  }
}

/** Package folders directly inside `folder` (scoped ones included), or `folder` itself when it is a package. */
async function packageDirsIn(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  if (names.includes('package.json')) return [folder];
  const out: string[] = [];
  await Promise.all(
    names
      .filter((n) => !n.startsWith('.'))
      .map(async (n) => {
        const full = path.join(folder, n);
        if (!n.startsWith('@')) return void out.push(full);
        const scoped = await readdir(full).catch(() => [] as string[]);
        for (const s of scoped) if (!s.startsWith('.')) out.push(path.join(full, s));
      }),
  );
  return out.sort();
}

function parseEntryPoints(pkg: PackageJson, packageDir: string, problems: DiscoveryProblem[]): EntryPoint[] {
  const declared = pkg.dird?.entry_points;
  if (!declared || typeof declared !== 'object') return [];
  const packageName = pkg.name ?? path.basename(packageDir);
  const out: EntryPoint[] = [];
  for (const [namespace, names] of Object.entries(declared)) {
    if (!NAMESPACES.has(namespace)) {
      problems.push({
        packageDir,
        message: `${packageName}: unknown entry-point namespace "${namespace}" (known: ${[...NAMESPACES].join(', ')})`,
      });
      continue;
    }
    for (const [name, target] of Object.entries(names ?? {})) {
      const match = typeof target === 'string' ? /^(.+):([A-Za-z_$][\w$]*)$/.exec(target) : null;
      if (!match) {
        problems.push({
          packageDir,
          message: `${packageName}: entry point ${namespace}.${name} must be "module:Export", got ${JSON.stringify(target)}`,
        });
        continue;
      }
      out.push({
        namespace: namespace as Namespace,
        name,
        packageName,
        packageVersion: pkg.version ?? '0.0.0',
        packageDir,
        modulePath: match[1],
        exportName: match[2],
      });
    }
  }
  return out;
}

/**
 * Reads the package.json of every package in `searchPaths` (nearest first) and collects their entry points.
 * No plugin code is imported. A package name seen again further out is shadowed by the nearer one, as Node
 * resolution would.
 */
export async function discoverEntryPoints(
  searchPaths: readonly string[],
  logger?: Logger,
): Promise<{ entryPoints: EntryPoint[]; problems: DiscoveryProblem[] }> {
  const seen = new Set<string>();
  const entryPoints: EntryPoint[] = [];
  const problems: DiscoveryProblem[] = [];
  for (const folder of searchPaths) {
    const dirs = await packageDirsIn(folder);
    const pkgs = await Promise.all(dirs.map(async (dir) => [dir, await readPackageJson(dir, problems)] as const));
    for (const [dir, pkg] of pkgs) {
      if (!pkg?.dird) continue;
      const name = pkg.name ?? dir;
      if (seen.has(name)) {
        logger?.debug({ package: name, dir }, 'plugin package shadowed by a nearer copy');
        continue;
      }
      seen.add(name);
      entryPoints.push(...parseEntryPoints(pkg, dir, problems));
    }
  }
  return { entryPoints, problems };
}
