import type { IncomingMessage, ServerResponse } from 'node:http';
import { startWebServers, type WebServers } from './web-servers.js';

/** The uuid `GET /1.1/infos` answers. */
export const XIVO_UUID = '9c6a3a83-2f1e-4b8d-a5a6-1f0e5d2c7b40';
/** The token the `/secured` routes want in X-Auth-Token. */
export const CONFD_TOKEN = 'confd-test-token-7d41a9';

/** The users, as xivo-confd's directory view gives them (ids and line ids as numbers; nulls where unset). */
export const CONFD_USERS = [
  {
    id: 1,
    uuid: 'u-0001',
    line_id: 11,
    agent_id: 21,
    firstname: 'Alice',
    lastname: 'Alan',
    exten: '1001',
    mobile_phone_number: '+33611111111',
    voicemail_number: '1001',
    email: 'alice@example.com',
    userfield: 'sales',
    description: 'Head of sales',
  },
  {
    id: 2,
    uuid: 'u-0002',
    line_id: 12,
    agent_id: null,
    firstname: 'Hélène',
    lastname: 'Müller',
    exten: '1002',
    mobile_phone_number: null,
    voicemail_number: null,
    email: null,
    userfield: null,
    description: null,
  },
  // confd 15.x did not answer every key: the missing ones are null in results.
  { id: 3, uuid: 'u-0003', line_id: null, agent_id: null, firstname: 'François', lastname: 'Charlé', exten: '1003' },
];

/** A stand-in for xivo-confd on free loopback ports, over HTTP and HTTPS (a self-signed certificate). */
export type ConfdServer = WebServers;

/**
 * Routes, under a first path part that says how to answer (the source's `confd_config.prefix`):
 * - none: `/1.1/infos` and `/1.1/users?view=directory[&search=]`, as confd answers them: the users where the
 *   search is in the first name, last name, extension or mobile number, ignoring case (not accents);
 * - `/secured/...`: the same, 401 without X-Auth-Token: {@link CONFD_TOKEN};
 * - `/hang/...`: never answers; `/broken/...`: infos, and 500 for the users; `/notjson/...`: an HTML page.
 * A users query without `view=directory` is a 400, as confd answers an unknown view.
 */
export function startConfd(): Promise<ConfdServer> {
  return startWebServers('confd', answer);
}

function answer(url: URL, req: IncomingMessage, res: ServerResponse): void {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const parts = url.pathname.split('/').filter(Boolean);
  const mode = parts[0] === '1.1' ? '' : parts.shift();
  const [version, what] = parts;
  if (mode === 'hang') return; // never answered
  if (version !== '1.1') return json(404, ['no such API version']);
  if (mode === 'secured' && req.headers['x-auth-token'] !== CONFD_TOKEN) return json(401, ['Unauthorized']);
  if (mode === 'notjson') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return void res.end('<html><body>It works!</body></html>');
  }
  if (what === 'infos') return json(200, { uuid: XIVO_UUID });
  if (what !== 'users') return json(404, ['no such resource']);
  if (mode === 'broken') return json(500, ['Unexpected error: database is locked']);
  if (url.searchParams.get('view') !== 'directory') return json(400, ['Invalid view']);
  const search = url.searchParams.get('search')?.toLowerCase();
  const items = CONFD_USERS.filter(
    (u) =>
      search === undefined ||
      [u.firstname, u.lastname, u.exten, u.mobile_phone_number].some((v) => v?.toLowerCase().includes(search)),
  );
  json(200, { total: items.length, items });
}
