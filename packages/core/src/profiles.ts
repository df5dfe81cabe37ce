import { Type, type NumberOptions } from '@sinclair/typebox';
import { NameList } from './config-schema.js';
import type { Logger } from './logger.js';
import type { BaseSourcePlugin } from './source-plugin.js';

/**
 * `services.<service>.<profile>.sources`: the profile's sources, as a list or as wazo-dird's mapping of name to
 * true/false (the names set to true, in the mapping's order).
 */
export function ProfileSources(description: string) {
  return NameList({ default: [], description });
}

/** `services.<service>.<profile>.timeout`: seconds, positive, 1 by default. */
export function ProfileTimeout(description: string, options: NumberOptions = {}) {
  return Type.Number({ exclusiveMinimum: 0, default: 1, ...options, description });
}

/**
 * The loaded sources a profile names, in its order. Names of sources that did not load are skipped, with one
 * warning naming them and the key (`services.lookup.default.sources`), as xivo-dird skipped them.
 */
export function profileSources(
  key: string,
  names: readonly string[],
  loaded: ReadonlyMap<string, BaseSourcePlugin>,
  logger: Logger,
): BaseSourcePlugin[] {
  const missing = names.filter((n) => !loaded.has(n));
  if (missing.length > 0) {
    logger.warn({ key, missing }, `${key} names sources that are not loaded (skipped): ${missing.join(', ')}`);
  }
  return names.filter((n) => loaded.has(n)).map((n) => loaded.get(n)!);
}
