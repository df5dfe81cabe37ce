import { column, csv } from '@dird/core/testkit';
import { startTestDaemon, type TestDaemon } from '@dird/dird/testkit';

/** Two users, each with a static token granting every dird ACL. */
export const USERS = {
  alice: { token: 'alice-token-7c1e0f9a4b2d', uuid: 'a11ce000-0000-4000-8000-000000000001' },
  bob: { token: 'bob-token-3e8d2a6c1f0b9', uuid: 'b0b00000-0000-4000-8000-000000000002' },
} as const;

/** A user of {@link USERS}, or nobody (no token). */
export type Who = keyof typeof USERS | null;

/** The company phone book every daemon serves beside the personal contacts. */
export const PHONEBOOK = csv(
  ['id', 'firstname', 'lastname', 'number'],
  [
    ['1', 'Alice', 'Martin', '1001'],
    ['2', 'Alan', 'Turing', '1002'],
  ],
);

/**
 * A daemon config with the per-user plugins: a csv source `phonebook` and a personal source `personal` in profile
 * `default` (lookup, reverse, favorites), the three JSON views, static tokens for {@link USERS} (none when `auth`
 * is false: a loopback daemon without authentication). `user_store` is not enabled: the plugins that need it bring
 * it.
 */
export function userDataConfig(options: { dbUri: string; auth?: boolean; timeout?: number; extra?: object }) {
  const profile = { sources: ['phonebook', 'personal'], timeout: options.timeout ?? 1 };
  return {
    enabled_plugins: {
      backends: ['csv', 'personal'],
      services: ['lookup', 'reverse', 'favorites', 'personal'],
      views: ['default_json', 'headers_view', 'personal_view'],
    },
    db_uri: options.dbUri,
    ...(options.auth === false
      ? {}
      : {
          auth: {
            tokens: Object.values(USERS).map((u) => ({ token: u.token, user_uuid: u.uuid, acls: ['dird.#'] })),
          },
        }),
    views: {
      displays: {
        display: [
          column('Name', 'name', 'name'),
          column('Number', 'number', 'number'),
          column('Favorite', 'favorite', 'favorite'),
          column('Personal', 'personal', 'personal'),
        ],
      },
      profile_to_display: { default: 'display' },
    },
    services: {
      lookup: { default: profile },
      reverse: { default: { ...profile, sources: ['personal', 'phonebook'] } },
      favorites: { default: profile },
    },
    sources: {
      phonebook: {
        name: 'phonebook',
        type: 'csv',
        file: 'phonebook.csv',
        unique_column: 'id',
        searched_columns: ['firstname', 'lastname'],
        first_matched_columns: ['number'],
        format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}' },
      },
      personal: {
        name: 'personal',
        type: 'personal',
        searched_columns: ['firstname', 'lastname', 'company'],
        first_matched_columns: ['number', 'mobile'],
        format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}' },
      },
    },
    ...options.extra,
  };
}

/** Starts a daemon on {@link userDataConfig}. */
export function startUserDataDaemon(options: Parameters<typeof userDataConfig>[0]): Promise<TestDaemon> {
  return startTestDaemon({ config: userDataConfig(options), files: { 'phonebook.csv': PHONEBOOK } });
}

/** An answer: its status, its body (parsed when JSON) and its content type. */
export interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads whatever shape the route answers
  readonly body: any;
  readonly type: string | null;
}

/** Sends a request to a daemon as `who` (its token in X-Auth-Token). */
export async function call(
  daemon: { url: string },
  who: Who,
  method: string,
  path: string,
  send: { json?: unknown; body?: string | Buffer; type?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = who === null ? {} : { 'X-Auth-Token': USERS[who].token };
  let body: string | Buffer | undefined = send.body;
  if (send.json !== undefined) {
    body = JSON.stringify(send.json);
    headers['content-type'] = 'application/json';
  }
  if (send.type !== undefined) headers['content-type'] = send.type;
  const res = await fetch(daemon.url + path, { method, headers, body, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, type: res.headers.get('content-type') };
}

/** The column values of a lookup of `term` in profile `default`, as `who`. */
export async function lookup(daemon: { url: string }, who: Who, term: string): Promise<unknown[][]> {
  const res = await call(daemon, who, 'GET', `/0.1/directories/lookup/default?term=${encodeURIComponent(term)}`);
  if (res.status !== 200) throw new Error(`lookup answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.results.map((r: { column_values: unknown[] }) => r.column_values);
}
