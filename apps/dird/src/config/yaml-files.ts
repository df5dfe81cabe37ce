import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, ErrorCodes, DirdError } from '@dird/core';
import { parseDocument, type ScalarTag, type Tags } from 'yaml';
import { isMapping, type Mapping } from './merge.js';

/** Reads a YAML file that must hold a mapping (an empty file counts as `{}`). */
export async function readYamlMapping(file: string): Promise<Mapping> {
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
  return parseYamlMapping(text, file);
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

/**
 * Parses YAML text that must hold a mapping; errors name the file, line and column. YAML 1.1, as xivo-dird's
 * PyYAML: merge keys (`<<: *anchor`) apply, and `yes`/`no`/`on`/`off` are booleans.
 */
export function parseYamlMapping(text: string, file: string): Mapping {
  const doc = parseDocument(text, { version: '1.1', customTags: pyyamlTags, prettyErrors: true, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const where = problem.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}: ` : '';
    throw new DirdError(ErrorCodes.CONFIG_PARSE, `${file}: invalid YAML: ${at}${problem.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS() ?? {};
  if (!isMapping(value))
    throw new ConfigError('the file must hold a mapping (key: value lines) at the top level', { file });
  return value;
}

/**
 * The files of a config folder in name order, skipping hidden files and editor backups (`~`): xivo-dird reads
 * every other file as YAML, whatever its extension. A missing folder holds no files.
 */
export async function listConfigFolder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory() && !e.name.startsWith('.') && !e.name.endsWith('~'))
    .map((e) => e.name)
    .sort()
    .map((n) => path.join(dir, n));
}
