import { ConfigError, safeUrl, WebClient, withParams } from '@dird/core';
import type { ConfdConfig } from './config.js';

/** One user of confd's directory view: its keys as confd answered them. */
export type ConfdUser = Readonly<Record<string, unknown>>;

/** How the {@link ConfdClient} reaches confd, beside `confd_config`. */
export interface ConfdClientOptions {
  /** Check the certificate of an https confd (from `verify_certificate`). */
  readonly verifyCertificate: boolean;
  /** The CA(s) to check it against instead of Node's (PEM). */
  readonly ca?: Buffer;
  readonly maxAnswerBytes: number;
  /** `extra_search_params`: added to every query of the users. */
  readonly extraParams?: Readonly<Record<string, string | number | boolean>>;
  /** Names the config key of a mistake: `sources.xivo_users.confd_config.host`. */
  readonly key: (name: string) => string;
}

/**
 * The two calls of xivo-confd's REST API that the xivo backend makes (reference §5.6): `GET /1.1/infos`, whose
 * `uuid` names the XiVO, and `GET /1.1/users?view=directory[&search=<term>]`, which answers `{total, items}`.
 * Every parameter is encoded by URLSearchParams: nothing a caller types changes the URL's shape.
 */
export class ConfdClient {
  /** `http(s)://host:port[/prefix]/<version>/`: every path is read from here. */
  readonly base: URL;
  private readonly web: WebClient;

  constructor(
    config: ConfdConfig,
    private readonly options: ConfdClientOptions,
  ) {
    this.base = baseUrl(config, options.key);
    this.web = new WebClient({
      verifyCertificate: options.verifyCertificate,
      ca: options.ca,
      maxAnswerBytes: options.maxAnswerBytes,
      accept: 'application/json',
      headers: config.token ? { 'x-auth-token': config.token } : undefined,
    });
  }

  /** The URL of the users, searched for `search` when given (confd matches its own fields). */
  usersUrl(search?: string): URL {
    const params: [string, string][] = Object.entries(this.options.extraParams ?? {})
      .filter(([name]) => name !== 'view' && name !== 'search')
      .map(([name, value]) => [name, String(value)]);
    params.push(['view', 'directory']);
    if (search !== undefined) params.push(['search', search]);
    return withParams(new URL('users', this.base), params);
  }

  /** The URL of the XiVO's own description. */
  infosUrl(): URL {
    return new URL('infos', this.base);
  }

  /** The users confd answers at `url` (none for a 404); the answer must be `{items: [...]}`. */
  async users(url: URL, signal: AbortSignal): Promise<ConfdUser[]> {
    const answer = await this.json(url, signal);
    if (answer === null) return [];
    const items = (answer as { items?: unknown } | undefined)?.items;
    if (!Array.isArray(items)) throw this.unexpected(url, 'an object with a list of users in "items"');
    return items.filter((item): item is ConfdUser => item !== null && typeof item === 'object' && !Array.isArray(item));
  }

  /** The XiVO's uuid, from `GET infos`. */
  async uuid(signal: AbortSignal): Promise<string> {
    const url = this.infosUrl();
    const uuid = ((await this.json(url, signal)) as { uuid?: unknown } | null)?.uuid;
    if (typeof uuid !== 'string' || uuid === '') throw this.unexpected(url, 'an object with the XiVO\'s "uuid"');
    return uuid;
  }

  close(): void {
    this.web.close();
  }

  private async json(url: URL, signal: AbortSignal): Promise<unknown> {
    const text = await this.web.get(url, signal);
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new Error(`GET ${safeUrl(url)}: the answer is not JSON (${(err as Error).message}): is it confd?`, {
        cause: err,
      });
    }
  }

  private unexpected(url: URL, what: string): Error {
    return new Error(`GET ${safeUrl(url)}: the answer is not ${what}: is it xivo-confd?`);
  }
}

/** `http(s)://host:port[/prefix]/<version>/` of `confd_config`; a host that makes no URL names its key. */
export function baseUrl(config: ConfdConfig, key: (name: string) => string): URL {
  // An IPv6 address is written in brackets in a URL.
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const prefix = (config.prefix ?? '').replace(/\/$/, '');
  const version = String(config.version);
  let url: URL;
  try {
    url = new URL(`${config.https ? 'https' : 'http'}://${host}:${config.port}${prefix}/${version}/`);
  } catch {
    throw new ConfigError(`not a host name or address: ${JSON.stringify(config.host)}`, { key: key('host') });
  }
  if (url.username || url.password || url.pathname !== `${prefix}/${version}/` || url.search || url.hash) {
    throw new ConfigError(`not a host name or address: ${JSON.stringify(config.host)}`, { key: key('host') });
  }
  return url;
}
