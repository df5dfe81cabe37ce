import path from 'node:path';
import { checkBlock, ConfigError, withHint, type DirdConfig, type SourceConfig } from '@dird/core';
import { isMapping, mergeUnder, type Mapping } from './merge.js';
import { dotted, fromPointer, Origins, type Origin } from './origins.js';
import { MainConfigSchema, type MainConfig } from './schema.js';
import { unknownKeys } from './unknown-keys.js';
import { listConfigFolder, readYamlMapping } from './yaml-files.js';

/** What the command line sets; it wins over every file but the source files (as in xivo-dird). */
export interface CommandLineConfig {
  readonly configFile: string;
  readonly logLevel?: string;
  /** `--log-format`: `auto` (the default), `json` or `pretty`. */
  readonly logFormat?: string;
  readonly debug?: boolean;
}

/** The merged, validated config, with where each key came from. */
export interface LoadedConfig {
  readonly config: DirdConfig & MainConfig;
  readonly origins: Origins;
  /** Files read, in priority order (highest first). */
  readonly files: readonly string[];
  /** Things worth a warning once logging is up (source files without a name, shadowed sources). */
  readonly warnings: readonly string[];
  /** Mistakes that drop a part of the config but not the start (a source file whose name is not text). */
  readonly errors: readonly string[];
  /** Things worth a debug line once logging is up (the files of conf.d and sources.d that are not read). */
  readonly debug: readonly string[];
}

const COMMAND_LINE: Origin = { label: 'command line' };
const DEFAULTS: Origin = { label: 'built-in defaults' };

/**
 * Loads the config as xivo-dird does (behaviour reference §1.2): the main file, then the files of
 * `extra_config_files` (conf.d: the first file in name order wins), the command line over those, and the
 * sources of `source_config_dir` (one per file) over everything. Relative paths resolve against the folder
 * of the file that set them.
 */
export async function loadConfig(cli: CommandLineConfig): Promise<LoadedConfig> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const debug: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const origins = new Origins();
  const mainFile = path.resolve(cli.configFile);
  const main = rekeySources(await readYamlMapping(mainFile, warn), mainFile);
  const extraDir = pathSetting(main, 'extra_config_files', mainFile, 'conf.d');
  const confd: [string, Mapping][] = [];
  for (const file of await readableFiles(extraDir, warnings, debug))
    confd.push([file, rekeySources(await readYamlMapping(file, warn), file)]);

  const fileLayers: [Origin, Mapping][] = [
    ...confd.map(([f, m]) => [Origins.file(f), m] as [Origin, Mapping]),
    [Origins.file(mainFile), main],
  ];
  const sourceDirLayer = fileLayers.find(([, m]) => typeof m.source_config_dir === 'string');
  const sourceDir = sourceDirLayer
    ? path.resolve(sourceDirLayer[0].dir!, sourceDirLayer[1].source_config_dir as string)
    : path.join(path.dirname(mainFile), 'sources.d');
  const sourceFiles = await readSourceFiles(sourceDir, { warnings, errors, debug });

  const merged: Mapping = {};
  for (const [file, source] of sourceFiles)
    mergeUnder(merged, { sources: { [source.name]: source } }, Origins.file(file), origins);
  mergeUnder(merged, commandLineLayer(cli), COMMAND_LINE, origins);
  for (const [origin, layer] of fileLayers) mergeUnder(merged, layer, origin, origins);
  mergeUnder(
    merged,
    { config_file: mainFile, extra_config_files: extraDir, source_config_dir: sourceDir },
    DEFAULTS,
    origins,
  );

  for (const [origin, layer] of fileLayers) warnings.push(...unknownKeys(layer, origin.label));
  const checked = checkBlock<MainConfig>(MainConfigSchema, merged);
  const problem = checked.problems[0];
  if (problem) {
    const keyPath = fromPointer(problem.path);
    throw new ConfigError(withHint(problem), { file: origins.of(keyPath)?.label, key: dotted(keyPath) });
  }
  const config = checked.value as DirdConfig & MainConfig;
  config.extra_config_files = extraDir;
  config.source_config_dir = sourceDir;
  config.enabled_plugins = normalizePlugins(config.enabled_plugins);
  config.plugin_paths = config.plugin_paths.map((p, i) => origins.resolvePath(p, ['plugin_paths', String(i)]));
  if (config.log_filename) config.log_filename = origins.resolvePath(config.log_filename, ['log_filename']);
  if (config.debug || cli.debug) config.log_level = 'debug';
  const files = [...sourceFiles.map(([f]) => f), ...fileLayers.map(([o]) => o.label)];
  return { config, origins, files, warnings, errors, debug };
}

function commandLineLayer(cli: CommandLineConfig): Mapping {
  return cli.logLevel ? { log_level: cli.logLevel } : {};
}

function pathSetting(layer: Mapping, key: string, file: string, fallback: string): string {
  const value = layer[key];
  if (value !== undefined && typeof value !== 'string')
    throw new ConfigError('must be a path (a string)', { file, key });
  return path.resolve(path.dirname(file), value ?? fallback);
}

/**
 * Inline `sources:` are keyed by any string in xivo-dird; dird keys them by their `name` so layers merge per
 * source (by their key when they have none). A `name` that is not text keeps its key, so that the source's
 * own check fails it naming `sources.<key>.name`, and the other sources serve.
 */
function rekeySources(layer: Mapping, file: string): Mapping {
  if (layer.sources === undefined || layer.sources === null) return layer;
  if (!isMapping(layer.sources)) throw new ConfigError('must be a mapping of source configs', { file, key: 'sources' });
  const sources: Mapping = {};
  for (const [key, value] of Object.entries(layer.sources)) {
    if (!isMapping(value))
      throw new ConfigError('must be a mapping (a source config)', { file, key: `sources.${key}` });
    const wrongName = value.name !== undefined && value.name !== null && typeof value.name !== 'string';
    const name = typeof value.name === 'string' && value.name !== '' ? value.name : key;
    if (Object.hasOwn(sources, name))
      throw new ConfigError(`two sources are named "${name}"`, { file, key: `sources.${key}` });
    sources[name] = wrongName ? value : { ...value, name };
  }
  return { ...layer, sources };
}

/** The files of a conf.d or sources.d folder that are read; the others are noted (a debug line, or a warning). */
async function readableFiles(dir: string, warnings: string[], debug: string[]): Promise<readonly string[]> {
  const { files, skipped } = await listConfigFolder(dir);
  for (const { file, why, warn } of skipped) (warn ? warnings : debug).push(`${file}: not read (${why})`);
  return files;
}

async function readSourceFiles(
  dir: string,
  notes: { warnings: string[]; errors: string[]; debug: string[] },
): Promise<[string, SourceConfig][]> {
  const { warnings, errors, debug } = notes;
  const byName = new Map<string, [string, SourceConfig]>();
  for (const file of await readableFiles(dir, warnings, debug)) {
    const source = await readYamlMapping(file, (m) => warnings.push(m));
    if (source.name !== undefined && source.name !== null && typeof source.name !== 'string') {
      // A source is keyed by its name: one that is not text cannot be merged or named; it alone is dropped.
      const hint = typeof source.name === 'number' ? ` (write it in quotes, such as "${source.name}")` : '';
      errors.push(`${file}: name: must be text, not ${JSON.stringify(source.name)}${hint}: this source is not loaded`);
      continue;
    }
    if (typeof source.name !== 'string' || source.name === '') {
      warnings.push(`${file}: One of the configs has no name. Ignoring.`);
      continue;
    }
    const earlier = byName.get(source.name);
    if (earlier) warnings.push(`${file}: source "${source.name}" replaces the one of ${earlier[0]}`);
    byName.set(source.name, [file, source as SourceConfig]);
  }
  return [...byName.values()];
}

function normalizePlugins(value: Record<string, unknown>): DirdConfig['enabled_plugins'] {
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v : isMapping(v) ? Object.keys(v).filter((k) => v[k] === true) : [];
  return { backends: list(value.backends), services: list(value.services), views: list(value.views) };
}
