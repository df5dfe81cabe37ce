import { checkBlock, ConfigError, DirdError, type SourceResult } from '@dird/core';
import {
  blackHole,
  freePort,
  loadArgs,
  loadPluginThroughRegistry,
  memoryLogger,
  sourceCallArgs,
} from '@dird/core/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_ANSWER_BYTES } from '../src/config.js';
import { CsvWsSourcePlugin } from '../src/csv-ws-source-plugin.js';
import { startCsvService, type CsvService } from './csv-service.js';

let service: CsvService;
const loaded: CsvWsSourcePlugin[] = [];
const args = sourceCallArgs();

beforeAll(async () => {
  service = await startCsvService();
});
afterAll(async () => {
  await service?.close();
});
afterEach(async () => {
  for (const s of loaded.splice(0)) await s.unload();
});

const BLOCK = {
  searched_columns: ['firstname', 'lastname'],
  first_matched_columns: ['number', 'mobile'],
  unique_column: 'id',
  format_columns: { name: '{firstname} {lastname}' },
};

async function load(block: Record<string, unknown>, logger = memoryLogger()): Promise<CsvWsSourcePlugin> {
  const source = new CsvWsSourcePlugin();
  source.name = 'ws';
  source.backend = 'csv_ws';
  const { value, problems } = checkBlock(CsvWsSourcePlugin.configSchema, { name: 'ws', type: 'csv_ws', ...block });
  expect(problems).toEqual([]);
  await source.load(loadArgs(value as never, { logger }));
  loaded.push(source);
  return source;
}

const names = (results: SourceResult[]) => results.map((r) => r.fields.name);
/** The last request the service received. */
const lastRequest = () => service.requests[service.requests.length - 1];
/** Resolves to the error a promise rejects with. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a failure'),
    (err: unknown) => err as Error,
  );

describe('csv_ws backend', () => {
  it('loads through the real registry from its package.json', async () => {
    const { cls } = await loadPluginThroughRegistry('backend', 'csv_ws');
    expect(cls.pluginKind).toBe('backend');
    expect(cls.name).toBe('CsvWsSourcePlugin');
  });

  it('sends the term in each searched column and answers every row of a UTF-8 answer, with format columns', async () => {
    const source = await load({ lookup_url: `${service.http}/utf8/lookup`, ...BLOCK });
    expect(names(await source.search('ali', args))).toEqual(['Alice Alan']);
    expect(lastRequest().url.search).toBe('?firstname=ali&lastname=ali');
    const [helene] = await source.search('mül', args);
    expect(helene.fields).toEqual({
      id: '2',
      firstname: 'Hélène',
      lastname: 'Müller',
      number: '2222',
      mobile: '',
      name: 'Hélène Müller',
    });
    expect(helene.relations.source_entry_id).toBe('2');
    expect(lastRequest().url.searchParams.get('lastname')).toBe('mül');
    // What the service answers is the answer, in its order, up to the limit.
    expect(names(await source.search('a', args))).toEqual(['Alice Alan', 'François Charlé', 'Zoë Ünal']);
    expect(names(await source.search('a', { ...args, limit: 2 }))).toEqual(['Alice Alan', 'François Charlé']);
  });

  it('decodes ISO-8859-1 and ISO-8859-15 answers by the charset of their Content-Type', async () => {
    const source = await load({ lookup_url: `${service.http}/latin1/lookup`, ...BLOCK });
    expect(names(await source.search('charlé', args))).toEqual(['François Charlé']);
    expect(names(await source.search('ünal', args))).toEqual(['Zoë Ünal']);
    const latin9 = await load({ lookup_url: `${service.http}/latin9`, ...BLOCK });
    expect(names(await latin9.search('', args))).toEqual(['Šárka Œuvray']);
  });

  it('without a charset, reads UTF-8, or Windows-1252 when the bytes are not UTF-8', async () => {
    for (const kind of ['utf8', 'latin1']) {
      const source = await load({ lookup_url: `${service.http}/nocharset/${kind}`, ...BLOCK });
      expect(names(await source.search('', args)), kind).toContain('François Charlé');
    }
  });

  it('reads the delimiter it is given, and quoted fields', async () => {
    const source = await load({ lookup_url: `${service.http}/semicolon/list`, delimiter: ';', ...BLOCK });
    expect(names(await source.search('', args))).toEqual([
      'Alice Alan',
      'Hélène Müller',
      'François Charlé',
      'Zoë Ünal',
    ]);
  });

  it('answers no result for a 404', async () => {
    const source = await load({ lookup_url: `${service.http}/utf8/lookup`, ...BLOCK });
    expect(await source.search('nobody', args)).toEqual([]);
    expect(await source.firstMatch('9999', args)).toBeNull();
  });

  it('never lets a term change the URL: each character arrives as sent, in one parameter per column', async () => {
    const source = await load({ lookup_url: `${service.http}/utf8/lookup?token=abc`, ...BLOCK });
    const term = 'a&b=c#d%20e+f?g/h\r\ni é 😀';
    await source.search(term, args);
    const { url } = lastRequest();
    expect(url.pathname).toBe('/utf8/lookup');
    expect([...url.searchParams]).toEqual([
      ['token', 'abc'],
      ['firstname', term],
      ['lastname', term],
    ]);
  });

  it('sends the whole query once per search, even with no searched column', async () => {
    const logger = memoryLogger();
    const source = await load({ lookup_url: `${service.http}/utf8/list`, unique_column: 'id' }, logger);
    expect(await source.search('zzz', args)).toHaveLength(4);
    expect(lastRequest().url.search).toBe('');
    expect(logger.text()).toMatch(/warn: no searched_columns: the term is not sent/);
  });

  it('reverse: sends the number in each first matched column, and keeps the first row where one equals it', async () => {
    const source = await load({ lookup_url: `${service.http}/utf8/lookup`, ...BLOCK });
    // The service answers both Alice (number 1111) and François (mobile 1111): Alice's row comes first.
    expect((await source.firstMatch('1111', args))?.fields.name).toBe('Alice Alan');
    expect(lastRequest().url.search).toBe('?number=1111&mobile=1111');
    expect((await source.firstMatch('0644444444', args))?.fields.name).toBe('Zoë Ünal');
    // The service matched "111" inside values; the comparison here is exact.
    expect(await source.firstMatch('111', args)).toBeNull();
    // Another spelling of the number (given by the reverse service) matches too.
    const candidates = ['+33611111111', '0611111111'];
    const byCandidate = await load({ lookup_url: `${service.http}/utf8/list`, ...BLOCK });
    expect((await byCandidate.firstMatch('+33611111111', { ...args, candidates }))?.fields.name).toBe('Alice Alan');
  });

  it('reverse without first_matched_columns asks nothing and matches nothing', async () => {
    const source = await load({ lookup_url: `${service.http}/utf8/lookup`, searched_columns: ['firstname'] });
    const before = service.requests.length;
    expect(await source.firstMatch('1111', args)).toBeNull();
    expect(service.requests.length).toBe(before);
  });

  it('lists favorites from list_url by unique id, in the answer order; none without list_url', async () => {
    const source = await load({
      lookup_url: `${service.http}/utf8/lookup`,
      list_url: `${service.http}/latin1/list`,
      ...BLOCK,
    });
    expect(names(await source.list(['3', '1', '99'], args))).toEqual(['Alice Alan', 'François Charlé']);
    expect(lastRequest().url.search).toBe('');
    const without = await load({ lookup_url: `${service.http}/utf8/list`, ...BLOCK });
    const before = service.requests.length;
    expect(await without.list(['1'], args)).toEqual([]);
    expect(service.requests.length).toBe(before);
  });

  it('fails a call on an error answer, naming the URL without its credentials or query', async () => {
    const source = await load({ lookup_url: `http://me:hunter2@${service.http.slice(7)}/broken?key=s3cret`, ...BLOCK });
    const err = await failure(source.search('alice', args));
    expect(err.message).toBe(`GET ${service.http}/broken answered 500 Internal Server Error`);
    expect(lastRequest().headers.authorization).toBe(`Basic ${Buffer.from('me:hunter2').toString('base64')}`);
    const moved = await load({ lookup_url: `${service.http}/moved`, ...BLOCK });
    expect((await failure(moved.search('a', args))).message).toBe(
      `GET ${service.http}/moved answered 301 Moved Permanently (a redirect to ${service.http}/utf8/list, not followed: set the URL to it)`,
    );
  });

  it('fails a call when nothing listens, on a quote never closed, and on a charset it cannot read', async () => {
    const port = await freePort();
    const down = await load({ lookup_url: `http://127.0.0.1:${port}/lookup`, ...BLOCK });
    expect((await failure(down.search('a', args))).message).toMatch(
      new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/lookup: connect ECONNREFUSED`),
    );
    const unclosed = await load({ lookup_url: `${service.http}/unclosed`, ...BLOCK });
    expect((await failure(unclosed.search('a', args))).message).toBe(
      `GET ${service.http}/unclosed: line 3: quote not closed: the quoted field opened on this line goes on to the end of the file`,
    );
    const koi = await load({ lookup_url: `${service.http}/koi8`, ...BLOCK });
    expect((await failure(koi.search('a', args))).message).toMatch(/charset "x-unknown-8", which dird cannot read/);
  });

  it('gives up at its timeout on a service that never answers, and closes the connection', async () => {
    const source = await load({ lookup_url: `${service.http}/hang`, ...BLOCK, timeout: 0.2 });
    const closedBefore = service.closedConnections();
    const err = await failure(source.search('a', args));
    expect(err).toBeInstanceOf(DirdError);
    expect(err.message).toBe(`GET ${service.http}/hang took longer than 200 ms`);
    await vi.waitFor(() => expect(service.closedConnections()).toBeGreaterThan(closedBefore));
  });

  it("stops when the caller's signal aborts (the lookup's deadline), long before its own timeout", async () => {
    const hole = await blackHole();
    try {
      const source = await load({ lookup_url: `http://127.0.0.1:${hole.port}/x`, ...BLOCK, timeout: 60 });
      const controller = new AbortController();
      const call = failure(source.search('a', { ...args, signal: controller.signal }));
      await vi.waitFor(() => expect(hole.connections()).toBe(1));
      controller.abort(new DOMException('deadline of 500 ms passed', 'TimeoutError'));
      expect((await call).name).toBe('TimeoutError');
    } finally {
      await hole.close();
    }
  });

  it('refuses an answer larger than max_answer_bytes, declared or not, without reading it all', async () => {
    const source = await load({ lookup_url: `${service.http}/huge`, ...BLOCK, max_answer_bytes: 100_000 });
    const closedBefore = service.closedConnections();
    expect((await failure(source.search('a', args))).message).toBe(
      `GET ${service.http}/huge: the answer is larger than max_answer_bytes (100000 bytes): not read`,
    );
    await vi.waitFor(() => expect(service.closedConnections()).toBeGreaterThan(closedBefore));
    const declared = await load({ lookup_url: `${service.http}/huge-declared`, ...BLOCK });
    expect((await failure(declared.search('a', args))).message).toMatch(
      `larger than max_answer_bytes (${DEFAULT_MAX_ANSWER_BYTES} bytes)`,
    );
  });
});

describe('csv_ws over HTTPS', () => {
  it('refuses a self-signed certificate by default, saying what to set', async () => {
    const source = await load({ lookup_url: `${service.https}/utf8/lookup`, ...BLOCK });
    expect((await failure(source.search('alice', args))).message).toMatch(
      /^GET https:\/\/127\.0\.0\.1:\d+\/utf8\/lookup: self.signed certificate \(set verify_certificate to the PEM file of the CA that signed it, or to false\)$/,
    );
  });

  it('trusts the CA file given as verify_certificate', async () => {
    const source = await load({
      lookup_url: `${service.https}/utf8/lookup`,
      verify_certificate: service.caFile,
      ...BLOCK,
    });
    expect(names(await source.search('alice', args))).toEqual(['Alice Alan']);
  });

  it('skips the check with verify_certificate false', async () => {
    const source = await load({ lookup_url: `${service.https}/latin1/lookup`, verify_certificate: false, ...BLOCK });
    expect(names(await source.search('hél', args))).toEqual(['Hélène Müller']);
  });
});

describe('csv_ws config mistakes found at load, each naming its key', () => {
  const loadError = async (block: Record<string, unknown>) => {
    const err = await failure(load({ ...BLOCK, lookup_url: `${service.http}/utf8/lookup`, ...block }));
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  };

  it('names verify_certificate when the CA file cannot be read', async () => {
    const err = await loadError({ verify_certificate: '/nonexistent/ca.pem' });
    expect(err.key).toBe('sources.ws.verify_certificate');
    expect(err.message).toMatch(
      /^sources\.ws\.verify_certificate: cannot read the CA file \/nonexistent\/ca\.pem: ENOENT/,
    );
  });

  it('names lookup_url and list_url when they are not http(s) URLs', async () => {
    expect((await loadError({ lookup_url: 'example.com/lookup' })).message).toBe(
      'sources.ws.lookup_url: not a URL: "example.com/lookup" (write it as https://host/path)',
    );
    expect((await loadError({ list_url: 'ftp://example.com/list' })).message).toBe(
      'sources.ws.list_url: an http:// or https:// URL is expected, not ftp://',
    );
  });
});
