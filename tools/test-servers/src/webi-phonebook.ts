import type { IncomingMessage, ServerResponse } from 'node:http';
import { startWebServers, type WebServers } from './web-servers.js';

/** Where XiVO's web interface answers its phonebook's JSON search (xivo-dird's default `phonebook_url`). */
export const PHONEBOOK_PATH = '/service/ipbx/json.php/private/pbx_services/phonebook';
/** The HTTP Basic credentials the `/secured` routes want. */
export const WEBI_USER = 'dird';
export const WEBI_PASSWORD = 'webi-s3cret-58e1';

/** The contacts, as the web interface answered them: nested, ids as text, a contact without any number. */
export const PHONEBOOK_CONTACTS = [
  {
    phonebook: { id: '1', firstname: 'Alice', lastname: 'Alan', displayname: 'Alice Alan', society: 'Avencall' },
    phonebookaddress: { office: { city: 'Lyon', country: 'FR' } },
    phonebooknumber: { office: { number: '0478000001' }, mobile: { number: '0611111111' } },
  },
  {
    phonebook: { id: '2', firstname: 'Hélène', lastname: 'Müller', displayname: 'Hélène Müller', society: '' },
    phonebookaddress: {},
    phonebooknumber: { office: { number: '0478000002' } },
  },
  {
    phonebook: { id: '3', firstname: 'Bob', lastname: 'Barker', displayname: 'Bob Barker', society: 'Acme' },
    phonebookaddress: {},
  },
];

/** A stand-in for a XiVO web interface's phonebook search, on free loopback ports, over HTTP and HTTPS. */
export type WebiPhonebook = WebServers;

/**
 * Routes, under a first path part that says how to answer:
 * - none: {@link PHONEBOOK_PATH}`?act=search&search=<term>`: the contacts where the term is in the first or
 *   last name, the company or a number, ignoring case; 204 (no content) when none is, as the web interface
 *   answered; 400 without `act=search`;
 * - `/secured/...`: the same, 401 without HTTP Basic {@link WEBI_USER}:{@link WEBI_PASSWORD};
 * - `/hang/...`: never answers; `/broken/...`: 500; `/notjson/...`: an HTML page.
 */
export function startWebiPhonebook(): Promise<WebiPhonebook> {
  return startWebServers('webi', answer);
}

function answer(url: URL, req: IncomingMessage, res: ServerResponse): void {
  const parts = url.pathname.split('/');
  const mode = `/${parts[1]}` === '/service' ? '' : parts[1];
  const path = mode ? url.pathname.slice(mode.length + 1) : url.pathname;
  const send = (status: number, body: string, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (mode === 'hang') return; // never answered
  if (path !== PHONEBOOK_PATH) return send(404, '"no such page"');
  const basic = `Basic ${Buffer.from(`${WEBI_USER}:${WEBI_PASSWORD}`).toString('base64')}`;
  if (mode === 'secured' && req.headers.authorization !== basic) return send(401, '"authentication required"');
  if (mode === 'broken') return send(500, '"database error"');
  if (mode === 'notjson') return send(200, '<html><body>XiVO</body></html>', 'text/html');
  if (url.searchParams.get('act') !== 'search') return send(400, '"unknown act"');
  const term = (url.searchParams.get('search') ?? '').toLowerCase();
  const found = PHONEBOOK_CONTACTS.filter((c) =>
    [
      c.phonebook.firstname,
      c.phonebook.lastname,
      c.phonebook.society,
      ...Object.values(c.phonebooknumber ?? {}).map((n) => n.number),
    ].some((v) => v.toLowerCase().includes(term)),
  );
  if (found.length === 0) {
    res.writeHead(204);
    return void res.end();
  }
  send(200, JSON.stringify(found));
}
