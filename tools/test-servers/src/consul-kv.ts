import { startWebServers, type WebServers } from './web-servers.js';

/** A stand-in for Consul's key/value HTTP API, on free loopback ports, over HTTP and HTTPS. */
export interface ConsulKv extends WebServers {
  /** The keys and their values (text); change them between requests as Consul's would change. */
  readonly keys: Map<string, string | null>;
}

/**
 * Answers `GET /v1/kv/<prefix>?recurse=true` as Consul does: every key under the prefix, in key order, as
 * `{Key, Value}` with the value base64-encoded (null for a key without one), or 404 when there is none. With
 * `token`, a request without `X-Consul-Token: <token>` gets 403 (`ACL not found`), as with ACLs on.
 */
export async function startConsulKv(keys: Record<string, string | null>, token?: string): Promise<ConsulKv> {
  const store = new Map(Object.entries(keys));
  const servers = await startWebServers('consul', (url, req, res) => {
    if (token !== undefined && req.headers['x-consul-token'] !== token) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end('ACL not found');
    }
    if (!url.pathname.startsWith('/v1/kv/') || url.searchParams.get('recurse') === null) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return void res.end('unsupported by the stand-in');
    }
    const prefix = decodeURIComponent(url.pathname.slice('/v1/kv/'.length));
    const found = [...store]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([Key, value]) => ({
        LockIndex: 0,
        Key,
        Flags: 0,
        Value: value === null ? null : Buffer.from(value, 'utf8').toString('base64'),
        CreateIndex: 10,
        ModifyIndex: 10,
      }));
    if (found.length === 0) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found));
  });
  return Object.assign(servers, { keys: store });
}
