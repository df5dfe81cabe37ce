import { IGNORED_KEYS, IGNORED_REST_API_KEYS, RENAMED_KEYS } from './ignored-keys.js';
import { isMapping, type Mapping } from './merge.js';
import { MainConfigSchema } from './schema.js';

const REST_API = MainConfigSchema.properties.rest_api.properties;
const TLS_KEYS = ['listen', 'port', 'certificate', 'private_key', 'ciphers'];

/**
 * The mappings under the top level whose keys are checked too, with the keys dird knows there and the
 * xivo-dird/wazo-dird ones it accepts silently (the HTTP worker pool sizes).
 */
const NESTED_KEYS: Record<string, { known: readonly string[]; xivoOnly: readonly string[] }> = {
  rest_api: { known: Object.keys(REST_API), xivoOnly: Object.keys(IGNORED_REST_API_KEYS) },
  'rest_api.https': { known: TLS_KEYS, xivoOnly: [] },
  'rest_api.cors': { known: Object.keys(REST_API.cors.properties), xivoOnly: [] },
  metrics: { known: Object.keys(MainConfigSchema.properties.metrics.properties), xivoOnly: [] },
};

/**
 * A warning for each key of `layer` that dird does not know (a typo such as `enabled_plugin`), at the top level
 * and under `rest_api` (`rest_api.prot`, `rest_api.cors.enable`).
 */
export function unknownKeys(layer: Mapping, file: string): string[] {
  const warnings: string[] = [];
  const check = (mapping: Mapping, prefix: string, known: readonly string[], xivoOnly: ReadonlySet<string>) => {
    for (const key of Object.keys(mapping)) {
      const at = prefix ? `${prefix}.${key}` : key;
      // Own keys only: a key named `constructor` is a typo like any other, not Object's.
      const nested = Object.hasOwn(NESTED_KEYS, at) ? NESTED_KEYS[at] : undefined;
      if (nested) {
        const value = mapping[key];
        if (isMapping(value)) check(value, at, nested.known, new Set(nested.xivoOnly));
        continue;
      }
      if (known.includes(key) || xivoOnly.has(key)) continue;
      const renamed = !prefix && Object.hasOwn(RENAMED_KEYS, key) ? RENAMED_KEYS[key] : undefined;
      if (renamed) {
        warnings.push(`${file}: ${key} is not read by dird (ignored): ${renamed}`);
        continue;
      }
      const near = known.find((k) => editDistance(k, key) <= 2);
      const suggestion = near ? `: did you mean ${prefix ? `${prefix}.${near}` : near}?` : '';
      warnings.push(`${file}: unknown key ${at} (ignored)${suggestion}`);
    }
  };
  check(layer, '', Object.keys(MainConfigSchema.properties), new Set(Object.keys(IGNORED_KEYS)));
  return warnings;
}

/** Levenshtein distance, for suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
