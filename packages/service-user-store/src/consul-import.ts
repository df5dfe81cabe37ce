import { safeUrl, WebClient, withParams } from '@dird/core';
import type { ContactFields, FavoriteKey } from './contract.js';
import { STORE_LIMITS } from './limits.js';
import type { ManagedUserStore } from './managed-store.js';

/** Where xivo-dird kept each user's data in Consul's key/value store (reference §5.4, §6.2). */
export const XIVO_PRIVATE_PREFIX = 'xivo/private/';

/** One key of Consul's KV answer (`GET /v1/kv/<prefix>?recurse=true`): its value base64-encoded, or null. */
interface KvEntry {
  readonly Key: string;
  readonly Value: string | null;
}

/** What xivo-dird kept for one user. */
export interface XivoUserData {
  /** Personal contacts by id: their attributes (the `id` attribute is the key's). */
  readonly contacts: Map<string, Record<string, string>>;
  readonly favorites: FavoriteKey[];
}

/** The users' data read from the keys, and the keys that are neither a contact attribute nor a favorite. */
export interface XivoPrivateData {
  readonly users: Map<string, XivoUserData>;
  readonly ignoredKeys: string[];
}

/**
 * Reads the keys under `xivo/private/`: `{user}/contacts/personal/{contact id}/{attribute}` (the attribute's
 * value, UTF-8) and `{user}/contacts/favorites/{source}/{contact id}`. Path parts are percent-decoded, as
 * xivo-dird's Consul client encoded them.
 */
export function parseXivoPrivate(entries: readonly KvEntry[]): XivoPrivateData {
  const users = new Map<string, XivoUserData>();
  const ignoredKeys: string[] = [];
  const userData = (user: string) => {
    let data = users.get(user);
    if (!data) users.set(user, (data = { contacts: new Map(), favorites: [] }));
    return data;
  };
  for (const { Key: key, Value: value } of entries) {
    const parts = key.startsWith(XIVO_PRIVATE_PREFIX) ? key.slice(XIVO_PRIVATE_PREFIX.length).split('/') : [];
    const decoded = parts.map(decodePart);
    const [user, contacts, kind, a, b] = decoded;
    if (decoded.length !== 5 || contacts !== 'contacts' || !user || !a || !b || decoded.includes(undefined)) {
      if (!key.endsWith('/')) ignoredKeys.push(key); // a folder key holds nothing
      continue;
    }
    if (kind === 'personal') {
      const data = userData(user);
      let contact = data.contacts.get(a);
      if (!contact) data.contacts.set(a, (contact = Object.create(null) as Record<string, string>));
      if (b !== 'id') contact[b] = value === null ? '' : Buffer.from(value, 'base64').toString('utf8');
    } else if (kind === 'favorites') {
      userData(user).favorites.push({ source: a, contactId: b });
    } else {
      ignoredKeys.push(key);
    }
  }
  return { users, ignoredKeys };
}

function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** How to reach Consul. */
export interface ConsulSource {
  /** `http(s)://host:port` of Consul's HTTP API. */
  readonly url: URL;
  /** An ACL token that may read `xivo/private/` (Consul's `X-Consul-Token`); none when ACLs are off. */
  readonly token?: string;
  readonly verifyCertificate: boolean;
  readonly ca?: Buffer;
  /** Seconds the read may take. */
  readonly timeoutMs: number;
}

/** Every key under `xivo/private/`, read at once (none when Consul has none: its 404). */
export async function readXivoPrivate(consul: ConsulSource): Promise<XivoPrivateData> {
  const client = new WebClient({
    verifyCertificate: consul.verifyCertificate,
    ca: consul.ca,
    // Personal contacts of a whole site: a generous bound, still a bound.
    maxAnswerBytes: 512 * 1024 * 1024,
    accept: 'application/json',
    headers: consul.token ? { 'x-consul-token': consul.token } : undefined,
  });
  const url = withParams(new URL(`/v1/kv/${XIVO_PRIVATE_PREFIX}`, consul.url), [['recurse', 'true']]);
  try {
    const text = await client.get(url, AbortSignal.timeout(consul.timeoutMs));
    if (text === null) return { users: new Map(), ignoredKeys: [] };
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch (err) {
      throw new Error(`GET ${safeUrl(url)}: the answer is not JSON: is it Consul?`, { cause: err });
    }
    if (!Array.isArray(entries) || !entries.every(isKvEntry)) {
      throw new Error(`GET ${safeUrl(url)}: the answer is not a list of keys: is it Consul?`);
    }
    return parseXivoPrivate(entries);
  } finally {
    client.close();
  }
}

function isKvEntry(entry: unknown): entry is KvEntry {
  const e = entry as KvEntry | null;
  return (
    e !== null &&
    typeof e === 'object' &&
    typeof e.Key === 'string' &&
    (e.Value === null || typeof e.Value === 'string')
  );
}

/** What an import did. */
export interface ImportSummary {
  users: number;
  contactsAdded: number;
  /** Contacts the store already had (an import run again): left as they are. */
  contactsPresent: number;
  /** Contacts over the store's limits, not imported, with why. */
  contactsRefused: string[];
  favorites: number;
  favoritesRefused: string[];
}

/**
 * Writes what xivo-dird kept into dird's store, keeping every contact's id (so that the favorites of personal
 * contacts still name them). Contacts the store has already are left as they are and favorites are set as they
 * are (both idempotent): an import can be run again. Without a store (a dry run), only counts.
 */
export async function importXivoPrivate(
  data: XivoPrivateData,
  store: ManagedUserStore | undefined,
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    users: data.users.size,
    contactsAdded: 0,
    contactsPresent: 0,
    contactsRefused: [],
    favorites: 0,
    favoritesRefused: [],
  };
  for (const [user, { contacts, favorites }] of data.users) {
    if (user.length > STORE_LIMITS.user) {
      summary.contactsRefused.push(`user ${user.slice(0, 40)}…: the user id is longer than ${STORE_LIMITS.user}`);
      continue;
    }
    const fit: ContactFields[] = [];
    for (const [id, attributes] of contacts) {
      const problem = contactProblem(id, attributes);
      if (problem) summary.contactsRefused.push(`user ${user}, contact ${id.slice(0, 80)}: ${problem}`);
      else fit.push({ ...attributes, id });
    }
    if (!store) summary.contactsAdded += fit.length;
    else {
      const { added, present } = await store.restoreContacts(user, fit);
      summary.contactsAdded += added;
      summary.contactsPresent += present;
    }
    for (const favorite of favorites) {
      if (favorite.source.length > STORE_LIMITS.source || favorite.contactId.length > STORE_LIMITS.contactId) {
        summary.favoritesRefused.push(`user ${user}, favorite ${favorite.source}/${favorite.contactId.slice(0, 80)}`);
        continue;
      }
      if (store) await store.addFavorite(user, favorite);
      summary.favorites++;
    }
  }
  return summary;
}

/** Why a contact cannot be stored as it is, or undefined. */
function contactProblem(id: string, attributes: Record<string, string>): string | undefined {
  if (id.length > STORE_LIMITS.contactId) return `its id is longer than ${STORE_LIMITS.contactId} characters`;
  const names = Object.keys(attributes);
  if (names.length + 1 > STORE_LIMITS.attributes) return `more than ${STORE_LIMITS.attributes} attributes`;
  for (const name of names) {
    if (name.length > STORE_LIMITS.attributeName)
      return `an attribute name is longer than ${STORE_LIMITS.attributeName}`;
    if (attributes[name].length > STORE_LIMITS.value) return `attribute ${name} is longer than ${STORE_LIMITS.value}`;
  }
  return undefined;
}
