import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from './certificate.js';

/** One request a {@link WebServers} received: its URL (path and query) and headers. */
export interface WebRequest {
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
}

/** A handler's view of a request: its URL parsed, beside Node's request and response. */
export type WebHandler = (url: URL, req: IncomingMessage, res: ServerResponse) => void;

/** The same handler served over HTTP and HTTPS on free loopback ports. */
export interface WebServers {
  /** `http://127.0.0.1:PORT` */
  readonly http: string;
  /** `https://127.0.0.1:PORT` (a self-signed certificate for 127.0.0.1 and localhost) */
  readonly https: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** The CA to trust for the HTTPS side (the self-signed certificate itself). */
  readonly caFile: string;
  /** Every request received, in arrival order. */
  readonly requests: WebRequest[];
  /** Connections that were open and are now closed (the client gave up on them, or the server closed them). */
  closedConnections(): number;
  /** Drops every connection, stops listening and removes the certificate's folder. */
  close(): Promise<void>;
}

/**
 * Serves `handler` over HTTP and HTTPS, in-process, for the stand-ins of web services the tests talk to (a CSV
 * web service, xivo-confd): every request is recorded before the handler sees it.
 */
export async function startWebServers(name: string, handler: WebHandler): Promise<WebServers> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `dird-${name}-`));
  const cert = await selfSignedCertificate(dir);
  const requests: WebRequest[] = [];
  const sockets = new Set<Socket>();
  let closed = 0;
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://service');
    requests.push({ url, headers: req.headers });
    handler(url, req, res);
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
    });
  };
  const plain = http.createServer(serve).on('connection', track);
  const secure = https
    .createServer({ cert: await readFile(cert.cert), key: await readFile(cert.key) }, serve)
    .on('connection', track);
  const listen = async (server: http.Server | https.Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  const [httpPort, httpsPort] = [await listen(plain), await listen(secure)];
  return {
    http: `http://127.0.0.1:${httpPort}`,
    https: `https://127.0.0.1:${httpsPort}`,
    httpPort,
    httpsPort,
    caFile: cert.cert,
    requests,
    closedConnections: () => closed,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([plain, secure].map((s) => new Promise((resolve) => s.close(resolve))));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
