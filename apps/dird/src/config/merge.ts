import type { KeyPath, Origin, Origins } from './origins.js';

/** A YAML mapping. */
export type Mapping = Record<string, unknown>;

/** True for a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges `layer` under `target`, the xivo-dird way: `target` has the higher priority, so a key it
 * already holds wins, unless both sides hold mappings, which merge recursively. Lists are never
 * concatenated. Every key taken from `layer` is recorded in `origins`.
 */
export function mergeUnder(target: Mapping, layer: Mapping, origin: Origin, origins: Origins, at: KeyPath = []): void {
  for (const [key, value] of Object.entries(layer)) {
    const here = [...at, key];
    if (!Object.hasOwn(target, key)) {
      target[key] = structuredClone(value);
      record(value, origin, origins, here);
    } else if (isMapping(target[key]) && isMapping(value)) {
      mergeUnder(target[key] as Mapping, value, origin, origins, here);
    }
  }
}

function record(value: unknown, origin: Origin, origins: Origins, at: KeyPath): void {
  origins.set(at, origin);
  if (isMapping(value)) for (const [k, v] of Object.entries(value)) record(v, origin, origins, [...at, k]);
}
