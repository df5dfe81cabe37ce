import http from 'node:http';
import Database from 'better-sqlite3';
import { send } from './http-client.js';
import type { LostWrite, WriteLedger } from './write-ledger.js';
import type { SoakUser } from './world.js';

/** What one place holds of a user's data. */
interface Held {
  favorites: Set<string>;
  contacts: Map<string, Record<string, string>>;
}

/**
 * Reads every user's favorites and personal contacts back through the API (`GET /0.1/directories/favorites/default`,
 * `GET /0.1/personal`) and straight from the SQLite store file, and checks each against the acknowledged writes.
 */
export async function readBack(
  port: number,
  storeFile: string,
  users: readonly SoakUser[],
  ledger: WriteLedger,
): Promise<{ api: LostWrite[]; store: LostWrite[]; readErrors: string[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const api: LostWrite[] = [];
  const store: LostWrite[] = [];
  const readErrors: string[] = [];
  const db = new Database(storeFile, { readonly: true, fileMustExist: true });
  try {
    const favorites = db.prepare('SELECT source, contact_id FROM dird_favorite WHERE user_uuid = ?');
    const contacts = db.prepare('SELECT id, fields FROM dird_personal_contact WHERE user_uuid = ?');
    for (const user of users) {
      const fromApi = await viaApi(agent, port, user).catch((err: Error) => {
        readErrors.push(`user ${user.index}: ${err.message}`);
        return undefined;
      });
      if (fromApi) api.push(...ledger.check(user.uuid, 'api', fromApi));
      const held: Held = { favorites: new Set(), contacts: new Map() };
      for (const row of favorites.all(user.uuid) as { source: string; contact_id: string }[]) {
        held.favorites.add(`${row.source}/${row.contact_id}`);
      }
      for (const row of contacts.all(user.uuid) as { id: string; fields: string }[]) {
        held.contacts.set(row.id, JSON.parse(row.fields) as Record<string, string>);
      }
      store.push(...ledger.check(user.uuid, 'store', held));
    }
  } finally {
    db.close();
    agent.destroy();
  }
  return { api, store, readErrors };
}

async function viaApi(agent: http.Agent, port: number, user: SoakUser): Promise<Held> {
  const get = async (path: string) => {
    const a = await send(agent, port, { method: 'GET', path, token: user.token }, 30_000);
    if (a.status !== 200) throw new Error(`GET ${path} answered ${a.status ?? a.error}`);
    return a.body;
  };
  const favorites = (await get('/0.1/directories/favorites/default')) as {
    results: { source: string; relations: { source_entry_id: string } }[];
  };
  const personal = (await get('/0.1/personal')) as { items: (Record<string, string> & { id: string })[] };
  return {
    favorites: new Set(favorites.results.map((r) => `${r.source}/${r.relations.source_entry_id}`)),
    contacts: new Map(personal.items.map((c) => [c.id, c])),
  };
}
