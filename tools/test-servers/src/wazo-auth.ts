import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { aclGrants } from '@dird/core';
import type { CertificateFiles } from './certificate.js';

/** A token the mock wazo-auth knows. */
export interface WazoAuthToken {
  /** The identity wazo-auth gives (`data.auth_id`): the user's uuid for a user's token. */
  readonly auth_id: string;
  /** `data.xivo_user_uuid` (null or absent for a token that is not a PBX user's). */
  readonly xivo_user_uuid?: string | null;
  /** `data.metadata.tenant_uuid`. */
  readonly tenant_uuid?: string;
  /** The token's ACL patterns (wazo-auth's: `*`, `#`, `me`, `!negative`). */
  readonly acl: readonly string[];
}

/** One request the mock received, in arrival order. */
export interface WazoAuthRequest {
  readonly method: string;
  /** The request target as sent (path and query, still percent-encoded). */
  readonly url: string;
  /** The token of a `/0.1/token/{token}` request, decoded; null for any other path. */
  readonly token: string | null;
  /** The `scope` query parameter (the ACL asked for), decoded; null when absent. */
  readonly scope: string | null;
  /** The `tenant` query parameter; null when absent. */
  readonly tenant: string | null;
}

/**
 * How the mock answers: as wazo-auth, never (a hung server), late, or with a fixed status; `only` limits the
 * behaviour to one method (the others are answered as wazo-auth does).
 */
export type WazoAuthBehaviour = (
  | { readonly mode: 'answer' }
  | { readonly mode: 'hang' }
  | { readonly mode: 'delay'; readonly ms: number }
  | { readonly mode: 'status'; readonly status: number }
) & { readonly only?: 'HEAD' | 'GET' };

/** Options of {@link startWazoAuth}. */
export interface WazoAuthOptions {
  /** Known tokens, by token. */
  readonly tokens?: Readonly<Record<string, WazoAuthToken>>;
  /** Serve HTTPS with this certificate (see `selfSignedCertificate`); plain HTTP when absent. */
  readonly tls?: CertificateFiles;
  /** URL prefix in front of `/0.1` (`/api/auth`, as behind nginx); none by default. */
  readonly prefix?: string;
}

/** A running mock wazo-auth. */
export interface WazoAuthMock {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
  /** Every request received, in order (cleared by {@link WazoAuthMock.clearRequests}). */
  readonly requests: WazoAuthRequest[];
  /** The `auth` section that points dird at this server (the CA file as `verify_certificate` under HTTPS). */
  authConfig(): Record<string, unknown>;
  /** Adds or replaces a token. */
  setToken(token: string, info: WazoAuthToken): void;
  /** Forgets a token (as wazo-auth does once it expires or is revoked). */
  removeToken(token: string): void;
  /** Changes how the next requests are answered. */
  behave(behaviour: WazoAuthBehaviour): void;
  clearRequests(): void;
  /** Stops listening and drops every connection: the port refuses connections until {@link start}. */
  stop(): Promise<void>;
  /** Listens again, on the same port. */
  start(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

/**
 * A stand-in for wazo-auth's token API on a free loopback port, in-process: `HEAD /0.1/token/{token}?scope=`
 * answers 204 (valid, ACL granted), 403 (ACL missing) or 404 (unknown token), `GET` the same with the token's
 * data. It records every request so that tests can assert the exact scope asked, and can be told to hang, to
 * answer late or with an error, or to stop.
 */
export async function startWazoAuth(options: WazoAuthOptions = {}): Promise<WazoAuthMock> {
  const tokens = new Map(Object.entries(options.tokens ?? {}));
  const requests: WazoAuthRequest[] = [];
  const sockets = new Set<Socket>();
  const prefix = options.prefix ? `/${options.prefix.replace(/^\/+|\/+$/g, '')}` : '';
  let behaviour: WazoAuthBehaviour = { mode: 'answer' };
  const tls = options.tls && { cert: await readFile(options.tls.cert), key: await readFile(options.tls.key) };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
    const path = url.split('?')[0];
    const base = `${prefix}/0.1/token/`;
    const raw = path.startsWith(base) ? path.slice(base.length) : null;
    let token: string | null = null;
    if (raw !== null && raw !== '' && !raw.includes('/')) {
      try {
        token = decodeURIComponent(raw);
      } catch {
        token = null;
      }
    }
    const scope = query.get('scope');
    requests.push({ method: req.method ?? '', url, token, scope, tenant: query.get('tenant') });
    const current: WazoAuthBehaviour =
      behaviour.only === undefined || behaviour.only === req.method ? behaviour : { mode: 'answer' };
    if (current.mode === 'hang') return;
    const answer = () => {
      if (current.mode === 'status') return send(res, current.status, error(current.status, 'mock failure'));
      if (token === null) return send(res, 404, error(404, 'Not found'));
      if (req.method !== 'HEAD' && req.method !== 'GET') return send(res, 405, error(405, 'Method not allowed'));
      const info = tokens.get(token);
      if (!info) return send(res, 404, error(404, 'No such token'));
      if (scope !== null && !aclGrants(info.acl, scope, info.auth_id)) {
        return send(res, 403, error(403, `Unauthorized for ${scope}`));
      }
      if (req.method === 'HEAD') return send(res, 204);
      return send(res, 200, { data: tokenData(token, info) });
    };
    if (current.mode === 'delay') setTimeout(answer, current.ms);
    else answer();
  };

  const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
  server.keepAliveTimeout = 5_000;
  // The raw TCP sockets (also under TLS): destroyed on stop, so that a hung request ends with the server.
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  let listening = true;
  const stop = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };

  return {
    host: '127.0.0.1',
    port,
    https: Boolean(tls),
    requests,
    authConfig: () => ({
      host: '127.0.0.1',
      port,
      https: Boolean(tls),
      ...(options.tls ? { verify_certificate: options.tls.cert } : {}),
      ...(prefix ? { prefix } : {}),
    }),
    setToken: (token, info) => void tokens.set(token, info),
    removeToken: (token) => void tokens.delete(token),
    behave: (b) => void (behaviour = b),
    clearRequests: () => void requests.splice(0),
    stop,
    start: async () => {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    close: stop,
  };
}

/** `data` of wazo-auth's token answer (the fields a wazo-auth of 2020 onwards gives). */
function tokenData(token: string, info: WazoAuthToken): Record<string, unknown> {
  const now = new Date();
  const later = new Date(now.getTime() + 3_600_000);
  return {
    token,
    auth_id: info.auth_id,
    xivo_user_uuid: info.xivo_user_uuid ?? null,
    xivo_uuid: 'a8a2b0c6-0000-4000-8000-000000000000',
    issued_at: now.toISOString().slice(0, 19),
    expires_at: later.toISOString().slice(0, 19),
    utc_issued_at: now.toISOString(),
    utc_expires_at: later.toISOString(),
    acl: info.acl,
    metadata: {
      uuid: info.auth_id,
      auth_id: info.auth_id,
      pbx_user_uuid: info.xivo_user_uuid ?? null,
      ...(info.tenant_uuid ? { tenant_uuid: info.tenant_uuid } : {}),
    },
    session_uuid: '00000000-0000-4000-8000-000000000001',
  };
}

/** wazo-auth's error body. */
function error(status: number, reason: string): Record<string, unknown> {
  return { reason: [reason], timestamp: [Date.now() / 1000], status_code: status };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined || status === 204) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
