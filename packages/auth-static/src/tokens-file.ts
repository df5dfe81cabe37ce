import { checkBlock, ConfigError, fromPointer } from '@dird/core';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { StaticTokenSchema, type StaticToken } from './config.js';

/**
 * The token entries of `tokens_file`: a YAML (or JSON) list of entries shaped as `auth.tokens`, or a mapping
 * with that list under `tokens`. Every mistake is a {@link ConfigError} naming the file and the entry's key
 * (`auth.tokens_file.2.acls`).
 */
export async function readTokensFile(file: string): Promise<StaticToken[]> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(`cannot read the tokens file ${file}: ${err.code ?? err.message}`, {
      key: 'auth.tokens_file',
    });
  });
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ConfigError(`not YAML or JSON: ${(err as Error).message}`, { file, key: 'auth.tokens_file' });
  }
  const list = Array.isArray(doc) ? doc : (doc as { tokens?: unknown } | null)?.tokens;
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(list)) {
    throw new ConfigError('expected a list of tokens (or a mapping with the list under "tokens")', {
      file,
      key: 'auth.tokens_file',
    });
  }
  return list.map((item, i) => {
    const { value, problems } = checkBlock<StaticToken>(StaticTokenSchema, item);
    if (problems.length > 0) {
      const [first] = problems;
      const key = ['auth.tokens_file', String(i), ...fromPointer(first.path)].join('.');
      throw new ConfigError(first.message, { file, key });
    }
    return value;
  });
}
