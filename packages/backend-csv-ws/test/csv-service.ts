import type { ServerResponse } from 'node:http';
import { csv } from '@dird/core/testkit';
import { startWebServers, type WebServers } from '@dird/test-servers';

/** The directory the service serves (every value fits ISO-8859-1, so both charsets can answer it). */
export const HEADER = ['id', 'firstname', 'lastname', 'number', 'mobile'];
export const ROWS = [
  ['1', 'Alice', 'Alan', '1111', '0611111111'],
  ['2', 'Hélène', 'Müller', '2222', ''],
  ['3', 'François', 'Charlé', '3333', '1111'],
  ['4', 'Zoë', 'Ünal', '4444', '0644444444'],
];

/** A CSV web service on free loopback ports, over HTTP and HTTPS (a self-signed certificate). */
export type CsvService = WebServers;

/**
 * Routes, as a directory web service answers them:
 * - `/utf8/lookup`, `/latin1/lookup`: the rows where a value of a column named in the query holds the value
 *   given for it (ignoring case), in UTF-8 or ISO-8859-1 (said in the Content-Type); 404 when none does;
 * - `/utf8/list`, `/latin1/list`: every row; `/nocharset/utf8`, `/nocharset/latin1`: every row, no charset;
 * - `/latin9`: one row in ISO-8859-15; `/semicolon/list`: every row, `;`-separated; `/koi8`: an answer in a charset Node cannot read;
 * - `/unclosed`: a quote never closed; `/hang`: never answers; `/huge`: answers without end; `/huge-declared`: declares 1 GB; `/broken`: 500;
 * - `/moved`: 301 to `/utf8/list`.
 */
export function startCsvService(): Promise<CsvService> {
  return startWebServers('csv-ws', (url, _req, res) => answer(url, res));
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
