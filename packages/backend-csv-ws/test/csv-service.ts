import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { csv } from '@dird/core/testkit';
import { selfSignedCertificate } from '@dird/test-servers';

/** The directory the service serves (every value fits ISO-8859-1, so both charsets can answer it). */
export const HEADER = ['id', 'firstname', 'lastname', 'number', 'mobile'];
export const ROWS = [
  ['1', 'Alice', 'Alan', '1111', '0611111111'],
  ['2', 'Hélène', 'Müller', '2222', ''],
  ['3', 'François', 'Charlé', '3333', '1111'],
  ['4', 'Zoë', 'Ünal', '4444', '0644444444'],
];

/** A CSV web service on a free loopback port, over HTTP and HTTPS (a self-signed certificate). */
export interface CsvService {
  /** `http://127.0.0.1:PORT` */
  readonly http: string;
  /** `https://127.0.0.1:PORT` */
  readonly https: string;
  /** The CA to trust for the HTTPS side (the self-signed certificate itself). */
  readonly caFile: string;
  /** Every request received: its URL (path and query) and headers. */
  readonly requests: { url: URL; headers: IncomingMessage['headers'] }[];
  /** Connections that were open and are now closed (the client gave up on them). */
  closedConnections(): number;
  close(): Promise<void>;
}

/**
 * Routes, as a directory web service answers them:
 * - `/utf8/lookup`, `/latin1/lookup`: the rows where a value of a column named in the query holds the value
 *   given for it (ignoring case), in UTF-8 or ISO-8859-1 (said in the Content-Type); 404 when none does;
 * - `/utf8/list`, `/latin1/list`: every row; `/nocharset/utf8`, `/nocharset/latin1`: every row, no charset;
 * - `/latin9`: one row in ISO-8859-15; `/semicolon/list`: every row, `;`-separated; `/koi8`: an answer in a charset Node cannot read;
 * - `/unclosed`: a quote never closed; `/hang`: never answers; `/huge`: answers without end; `/huge-declared`: declares 1 GB; `/broken`: 500;
 * - `/moved`: 301 to `/utf8/list`.
 */
export async function startCsvService(): Promise<CsvService> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-csv-ws-'));
  const cert = await selfSignedCertificate(dir);
  const requests: CsvService['requests'] = [];
  const sockets = new Set<Socket>();
  let closed = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://service');
    requests.push({ url, headers: req.headers });
    answer(url, res);
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
    });
  };
  const plain = http.createServer(handler).on('connection', track);
  const secure = https
    .createServer({ cert: await readFile(cert.cert), key: await readFile(cert.key) }, handler)
    .on('connection', track);
  const listen = async (server: http.Server | https.Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  const [httpPort, httpsPort] = [await listen(plain), await listen(secure)];
  return {
    http: `http://127.0.0.1:${httpPort}`,
    https: `https://127.0.0.1:${httpsPort}`,
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

function answer(url: URL, res: ServerResponse): void {
  const [, kind, what] = url.pathname.split('/');
  const send = (status: number, body: Buffer, contentType?: string) => {
    res.writeHead(status, contentType ? { 'content-type': contentType } : {});
    res.end(body);
  };
  const table = (rows: string[][], sep = ',') => csv(HEADER, rows).replaceAll(',', sep);
  if (kind === 'utf8' || kind === 'latin1') {
    const rows = what === 'lookup' ? matching(url.searchParams) : ROWS;
    if (rows.length === 0) return send(404, Buffer.from('no data'), 'text/plain');
    if (kind === 'utf8') return send(200, Buffer.from(table(rows), 'utf8'), 'text/csv; charset=utf-8');
    return send(200, Buffer.from(table(rows), 'latin1'), 'text/csv; charset=ISO-8859-1');
  }
  if (kind === 'nocharset')
    return send(200, Buffer.from(table(ROWS), what === 'latin1' ? 'latin1' : 'utf8'), 'text/csv');
  if (kind === 'semicolon') return send(200, Buffer.from(table(ROWS, ';')), 'text/csv; charset="UTF-8"');
  if (kind === 'latin9') {
    // ISO-8859-15 puts Š and Œ where Windows-1252 has ¦ and ¼: only its charset reads them right.
    const text = 'id,firstname,lastname\n5,Šárka,Œuvray\n'.replace('Š', '\xa6').replace('Œ', '\xbc');
    return send(200, Buffer.from(text, 'latin1'), 'text/csv; charset=ISO-8859-15');
  }
  if (kind === 'koi8') return send(200, Buffer.from(table(ROWS)), 'text/csv; charset=x-unknown-8');
  if (kind === 'unclosed') return send(200, Buffer.from('id,name\n1,ok\n2,"open\n3,x\n'), 'text/csv');
  if (kind === 'broken') return send(500, Buffer.from('oops'), 'text/plain');
  if (kind === 'moved') {
    res.writeHead(301, { location: '/utf8/list?token=secret' });
    return void res.end();
  }
  if (kind === 'huge-declared') {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(1 << 30) });
    return void res.write('id\n');
  }
  if (kind === 'huge') {
    res.writeHead(200, { 'content-type': 'text/csv' });
    const line = Buffer.from('x'.repeat(1023) + '\n');
    let sent = 0;
    const more = () => {
      // Stops at 64 MiB whatever happens, so a client that does not give up cannot hang the test run.
      while (!res.destroyed && sent < 1 << 26) {
        sent += line.length;
        if (!res.write(line)) return void res.once('drain', more);
      }
      res.end();
    };
    return more();
  }
  if (kind === 'hang') return; // never answered
  send(404, Buffer.from('no such route'), 'text/plain');
}

/** The rows where, for some query parameter, the column it names holds its value (ignoring case). */
function matching(params: URLSearchParams): string[][] {
  return ROWS.filter((row) =>
    [...params].some(([column, value]) => {
      const i = HEADER.indexOf(column);
      return i >= 0 && row[i].toLowerCase().includes(value.toLowerCase());
    }),
  );
}
