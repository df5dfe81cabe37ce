import { blackHole } from '@dird/core/testkit';
import { SEARCHED_COLUMNS } from '../data/workset.js';
import { TEST_PLUGINS } from '../servers/start.js';

/** The user on whose behalf reverse lookups are made (any uuid). */
export const USER_UUID = '6f1c4e2a-3b5d-4c8e-9a7f-0d2b1e3c4a5f';

/** Seconds the hanging profile waits for its sources. */
export const HANG_TIMEOUT_S = 0.5;

/** The display of every profile: the bundled demo's columns. */
const DISPLAY = [
  { title: 'Name', field: 'name', type: 'name' },
  { title: 'Company', field: 'company' },
  { title: 'Number', field: 'phone', type: 'number' },
  { title: 'Mobile', field: 'mobile', type: 'callable' },
  { title: 'Email', field: 'email', type: 'email' },
];

/** A csv source over a bench directory, configured as the bundled demo source is. */
export function csvSource(file: string): Record<string, unknown> {
  return {
    type: 'csv',
    file,
    unique_column: 'id',
    searched_columns: [...SEARCHED_COLUMNS],
    first_matched_columns: ['phone', 'mobile'],
    format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}' },
  };
}

/** The source of the hanging profile: its backend, its config block, and how to release what it holds. */
export interface HangingSource {
  readonly backend: string;
  readonly block: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * The source that hangs: an LDAP source whose server accepts TCP and never answers (a black hole), as a
 * directory server that froze would.
 */
export async function hangingSource(): Promise<HangingSource> {
  const hole = await blackHole();
  return {
    backend: 'ldap',
    block: {
      type: 'ldap',
      ldap_uri: `ldap://127.0.0.1:${hole.port}`,
      ldap_base_dn: 'dc=example,dc=com',
      searched_columns: ['cn'],
    },
    close: hole.close,
  };
}

/** A profile: its sources in order and its timeout in seconds. */
export interface ProfileSpec {
  readonly sources: readonly string[];
  readonly timeout: number;
}

/** A daemon config: sources by name, lookup profiles, reverse profiles (French numbering plan). */
export function dirdConfig(options: {
  sources: Record<string, Record<string, unknown>>;
  lookup: Record<string, ProfileSpec>;
  reverse?: Record<string, ProfileSpec>;
  backends?: readonly string[];
}): Record<string, unknown> {
  const backends = options.backends ?? ['csv'];
  return {
    enabled_plugins: {
      backends,
      services: options.reverse ? ['lookup', 'reverse'] : ['lookup'],
      views: ['default_json'],
    },
    ...(backends.includes('slow') ? { plugin_paths: [TEST_PLUGINS] } : {}),
    views: {
      displays: { display: DISPLAY },
      profile_to_display: Object.fromEntries(Object.keys(options.lookup).map((p) => [p, 'display'])),
    },
    services: {
      lookup: options.lookup,
      ...(options.reverse
        ? {
            reverse: Object.fromEntries(
              Object.entries(options.reverse).map(([p, spec]) => [p, { ...spec, country_code: '33' }]),
            ),
          }
        : {}),
    },
    sources: Object.fromEntries(Object.entries(options.sources).map(([name, block]) => [name, { name, ...block }])),
  };
}

/** Lookup request paths, one per term (percent-encoded, accents included). */
export function lookupPaths(profile: string, terms: readonly { term: string }[]): string[] {
  return terms.map((t) => `/0.1/directories/lookup/${profile}?term=${encodeURIComponent(t.term)}`);
}

/** Reverse request paths, one per number. */
export function reversePaths(profile: string, numbers: readonly { exten: string }[]): string[] {
  return numbers.map((n) => `/0.1/directories/reverse/${profile}/${USER_UUID}?exten=${encodeURIComponent(n.exten)}`);
}
