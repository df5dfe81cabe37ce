import { createRequire } from 'node:module';
import path from 'node:path';
import { column, csv } from '@dird/core/testkit';
import { lookupConfig, type TestDaemon } from '@dird/dird/testkit';
import { parseXml, type XmlDocument } from './xml-tree.js';

const require = createRequire(import.meta.url);

/** The daemon's test plugins (`store_backed`, `memo_store`, …), for `plugin_paths`. */
export const DIRD_TEST_PLUGINS = path.join(path.dirname(require.resolve('@dird/dird/package.json')), 'test', 'plugins');

/** Every phone view. */
export const PHONE_VIEWS = [
  'cisco_view',
  'aastra_view',
  'polycom_view',
  'snom_view',
  'thomson_view',
  'yealink_view',
  'gigaset_view',
  'htek_view',
];

/** The user of the phone URLs. */
export const USER = '4c1fd8ae-5c2d-4e4b-9e0a-1e0c8b3a2f01';

/** 20 agents (one number each), Bob & <Sons> (two numbers), and a contact without any number. */
export const CONTACTS = csv(
  ['id', 'firstname', 'lastname', 'phone', 'mobile'],
  [
    ...Array.from({ length: 20 }, (_, i) => [`a${i}`, 'Agent', String(i + 1).padStart(2, '0'), `10${i + 10}`, '']),
    ['b', 'Bob', '& <Sons>', '+33(0)123456789', '06 12 34 56 78'],
    ['c', 'Carl', 'Nonumber', '', 'n/a'],
  ],
);

/**
 * A daemon config: profile `default` (and `menu`, `input`, the same sources) over `contacts.csv`, the JSON
 * views, every phone view, and phone display `main` (name, then phone; mobile as "{name} (Mobile)").
 */
export function phoneConfig(extraViews: Record<string, unknown> = {}): Record<string, unknown> {
  const config = lookupConfig({
    sources: {
      contacts: {
        type: 'csv',
        file: 'contacts.csv',
        unique_column: 'id',
        searched_columns: ['firstname', 'lastname'],
        format_columns: { name: '{firstname} {lastname}' },
      },
    },
    columns: [column('Name', 'name', 'name'), column('Number', 'phone', 'number')],
  });
  (config.enabled_plugins as { views: string[] }).views.push(...PHONE_VIEWS);
  const lookup = (config.services as { lookup: Record<string, unknown> }).lookup;
  lookup.menu = lookup.default;
  lookup.input = lookup.default;
  Object.assign(config.views as object, {
    displays_phone: {
      main: {
        name: ['display_name', 'name'],
        number: [{ field: ['phone'] }, { field: ['mobile'], name_format: '{name} (Mobile)' }],
      },
    },
    profile_to_display_phone: { default: 'main', menu: 'main', input: 'main' },
    ...extraViews,
  });
  return config;
}

/** An answer of the daemon: status, content type, body. */
export interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly body: string;
}

/** GET `pathAndQuery` from the daemon with `headers`. */
export async function get(
  daemon: TestDaemon,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(daemon.url + pathAndQuery, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** GET a phone document, expecting a 200 of `type`, and parse it (strictly: it must be well-formed). */
export async function getDocument(
  daemon: TestDaemon,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  type = 'text/xml; charset=utf-8',
): Promise<XmlDocument> {
  const answer = await get(daemon, pathAndQuery, headers);
  if (answer.status !== 200) throw new Error(`${pathAndQuery} answered ${answer.status}: ${answer.body}`);
  if (answer.type !== type) throw new Error(`${pathAndQuery} answered ${answer.type}, expected ${type}`);
  return parseXml(answer.body);
}

/** The path of a phone URL. */
export function phonePath(step: string, vendor: string, query = '', profile = 'default'): string {
  return `/0.1/directories/${step}/${profile}/${USER}/${vendor}${query}`;
}

/** The path and query of an absolute URL the daemon wrote, checked to point at the daemon itself. */
export function localPath(daemon: TestDaemon, url: string): string {
  if (!url.startsWith(`${daemon.url}/`)) throw new Error(`${url} does not point at ${daemon.url}`);
  return url.slice(daemon.url.length);
}
