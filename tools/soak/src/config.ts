import type { MariadbServer, Slapd } from '@dird/test-servers';
import { SOURCES } from './data.js';

/** The profile the SIGHUP fault adds to (and then removes from) the config on disk. */
export const EXTRA_PROFILE = 'soak_extra';

/** Seconds each profile waits for its sources, and the daemon's grace at stop. */
export const PROFILE_TIMEOUT_S = 2;
export const SHUTDOWN_TIMEOUT_S = 10;

const DISPLAY = [
  { title: 'Name', field: 'name', type: 'name' },
  { title: 'Number', field: 'number', type: 'number' },
  { title: 'Favorite', field: 'favorite', type: 'favorite' },
  { title: 'Personal', field: 'personal', type: 'personal' },
];

/**
 * The daemon's config: a csv, an ldap, a mysql and the personal source in profile `default` (lookup, reverse,
 * favorites), the per-user data on a SQLite file, tokens checked against the wazo-auth mock (cache 5 s), info
 * logs (so a reload on SIGHUP shows).
 */
export function daemonConfig(o: {
  port: number;
  csvFile: string;
  storeFile: string;
  slapd: Slapd;
  mariadb: MariadbServer;
  auth: Record<string, unknown>;
  extraProfile: boolean;
}): Record<string, unknown> {
  const all = [SOURCES.csv, SOURCES.ldap, SOURCES.mysql, SOURCES.personal];
  const profile = { sources: all, timeout: PROFILE_TIMEOUT_S };
  const extra = o.extraProfile;
  return {
    rest_api: { listen: '127.0.0.1', port: o.port },
    shutdown_timeout: SHUTDOWN_TIMEOUT_S,
    enabled_plugins: {
      backends: ['csv', 'ldap', 'mysql', 'personal'],
      services: ['lookup', 'reverse', 'favorites', 'personal'],
      views: ['default_json', 'headers_view', 'personal_view'],
    },
    db_uri: `sqlite:///${o.storeFile}`,
    auth: { ...o.auth, timeout: 2, cache_ttl: 5 },
    views: {
      displays: { display: DISPLAY },
      profile_to_display: { default: 'display', ...(extra ? { [EXTRA_PROFILE]: 'display' } : {}) },
    },
    services: {
      lookup: {
        default: profile,
        ...(extra ? { [EXTRA_PROFILE]: { sources: [SOURCES.csv], timeout: PROFILE_TIMEOUT_S } } : {}),
      },
      reverse: { default: { ...profile, country_code: '33' } },
      favorites: { default: { sources: [SOURCES.csv, SOURCES.ldap, SOURCES.mysql], timeout: PROFILE_TIMEOUT_S } },
    },
    sources: {
      [SOURCES.csv]: {
        name: SOURCES.csv,
        type: 'csv',
        file: o.csvFile,
        unique_column: 'id',
        searched_columns: ['firstname', 'lastname'],
        first_matched_columns: ['phone', 'mobile'],
        format_columns: { name: '{firstname} {lastname}', number: '{phone}', reverse: '{firstname} {lastname}' },
      },
      [SOURCES.ldap]: {
        name: SOURCES.ldap,
        type: 'ldap',
        ldap_uri: o.slapd.uri,
        ldap_base_dn: o.slapd.suffix,
        ldap_username: o.slapd.rootDn,
        ldap_password: o.slapd.rootPassword,
        unique_column: 'uid',
        searched_columns: ['givenName', 'sn'],
        first_matched_columns: ['telephoneNumber', 'mobile'],
        format_columns: { name: '{givenName} {sn}', number: '{telephoneNumber}', reverse: '{givenName} {sn}' },
      },
      [SOURCES.mysql]: {
        name: SOURCES.mysql,
        type: 'mysql',
        mysql_uri: o.mariadb.uri('soak'),
        table: 'contacts',
        pool_size: 5,
        unique_column: 'id',
        searched_columns: ['firstname', 'lastname'],
        first_matched_columns: ['phone', 'mobile'],
        format_columns: { name: '{firstname} {lastname}', number: '{phone}', reverse: '{firstname} {lastname}' },
      },
      [SOURCES.personal]: {
        name: SOURCES.personal,
        type: 'personal',
        searched_columns: ['firstname', 'lastname'],
        first_matched_columns: ['number'],
        format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}' },
      },
    },
  };
}
