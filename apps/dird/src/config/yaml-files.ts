import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, describeError, ErrorCodes, DirdError } from '@dird/core';
import { parseDocument, type ScalarTag, type Tags } from 'yaml';
import { ExecRequest, execTags, runExecCommand } from './exec-tag.js';
import { isMapping, type Mapping } from './merge.js';

/**
 * Reads a YAML file that must hold a mapping (an empty file counts as `{}`), running the `!exec` commands it
 * holds (their output replaces the tag). `warn` gets what is worth a warning (a command that printed nothing).
 */
export async function readYamlMapping(file: string, warn: (message: string) => void = () => {}): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(err)})`,
      { file },
      { cause: err },
    );
  }
  const value = await resolveExecs(parseYaml(text, file, execTags) ?? {}, file, [], warn);
  if (!isMapping(value))
    throw new ConfigError('the file must hold a mapping (key: value lines) at the top level', { file });
  return value;
}

/**
 * Replaces every `!exec` of a parsed file by its command's output, read as YAML (without `!exec`: an output
 * does not run more commands). The whole file as `!exec` must print a mapping; printing nothing adds nothing.
 */
async function resolveExecs(value: unknown, file: string, at: string[], warn: (m: string) => void): Promise<unknown> {
  if (value instanceof ExecRequest) {
    const key = at.length > 0 ? at.join('.') : undefined;
    const output = await runExecCommand(value, { file, key });
    const what = `!exec command \`${value.command}\``;
    let parsed: unknown;
    try {
      parsed = parseYaml(output, file, []);
    } catch (err) {
      const detail = err instanceof YamlSyntaxError ? err.detail : describeError(err);
      throw new ConfigError(`${what} printed something that is not YAML: ${detail}`, { file, key }, { cause: err });
    }
    if (at.length > 0) return parsed;
    if (parsed === null) {
      warn(`${file}: ${what} printed nothing: the file adds no settings`);
      return {};
    }
    if (!isMapping(parsed)) {
      const got = Array.isArray(parsed) ? 'a list' : `the value ${JSON.stringify(parsed)}`;
      throw new ConfigError(`${what} printed ${got}, not a mapping (key: value lines)`, { file });
    }
    return parsed;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => resolveExecs(v, file, [...at, String(i)], warn)));
  if (isMapping(value)) {
    const out: Mapping = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolveExecs(v, file, [...at, k], warn);
    return out;
  }
  return value;
}

/** PyYAML's booleans (YAML 1.1 without the single letters `y`/`n`, which PyYAML leaves as strings). */
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

/**
 * The YAML 1.1 tags as PyYAML resolves them: booleans without `y`/`n`, and dates left as strings (dird has no
 * date setting; a date-like value is meant as text).
 */
function pyyamlTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t === 'string') {
      if (t !== 'timestamp') out.push(t);
    } else if (t.tag === 'tag:yaml.org,2002:bool' && 'test' in t && t.test) {
      out.push({ ...(t as ScalarTag), test: t.identify?.(true) ? PYYAML_TRUE : PYYAML_FALSE });
    } else if (t.tag !== 'tag:yaml.org,2002:timestamp') {
      out.push(t);
    }
  }
  return out;
}

/** Invalid YAML: the message names the file; `detail` is the line, column and problem. */
class YamlSyntaxError extends DirdError {
  constructor(
    file: string,
    readonly detail: string,
  ) {
    super(ErrorCodes.CONFIG_PARSE, `${file}: invalid YAML: ${detail}`);
  }
}

/**
 * Parses YAML text; errors name the file (or what printed it), line and column. YAML 1.1, as xivo-dird's PyYAML:
 * merge keys (`<<: *anchor`) apply, and `yes`/`no`/`on`/`off` are booleans. An empty text is null.
 */
function parseYaml(text: string, file: string, extraTags: Tags): unknown {
  const doc = parseDocument(text, {
    version: '1.1',
    customTags: (tags) => [...pyyamlTags(tags), ...extraTags],
    prettyErrors: true,
    uniqueKeys: true,
  });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const where = problem.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}: ` : '';
    throw new YamlSyntaxError(file, `${at}${problem.message.split('\n')[0]}`);
  }
  return doc.toJS() ?? null;
}

/** What {@link listConfigFolder} found: the files to read, in name order, and those it skips, with why. */
export interface ConfigFolder {
  readonly files: readonly string[];
  /** Skipped files, with why; `warn` for a `*.yaml` file, which was most likely meant to be read. */
  readonly skipped: readonly { readonly file: string; readonly why: string; readonly warn?: boolean }[];
}

/**
 * The `*.yml` files of a config folder (conf.d, sources.d) in name order, as xivo-lib-python reads them since
 * 2015: a `README`, a `my_csv.yml.dpkg-old` left by a package upgrade or an editor's `x.yml~` is skipped, and so
 * is a hidden file (`.x.yml`). A missing folder holds no files.
 */
export async function listConfigFolder(dir: string): Promise<ConfigFolder> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  const skipped: { file: string; why: string; warn?: boolean }[] = [];
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) skipped.push({ file, why: 'a hidden file' });
    else if (entry.name.endsWith('.yaml'))
      skipped.push({ file, why: 'only *.yml files are read, as in xivo-dird: rename it to .yml', warn: true });
    else if (!entry.name.endsWith('.yml')) skipped.push({ file, why: 'only *.yml files are read' });
    else if (entry.isDirectory()) skipped.push({ file, why: 'a folder' });
    else files.push(file);
  }
  return { files, skipped };
}
