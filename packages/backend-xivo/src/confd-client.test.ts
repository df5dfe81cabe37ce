import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlock, ConfigError } from '@dird/core';
import { COMMON_SOURCE_ROWS, wrongTypeCases } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { CONFD_DEFAULTS, DEFAULT_MAX_ANSWER_BYTES, XivoConfigSchema, type ConfdConfig } from './config.js';
import { baseUrl, ConfdClient } from './confd-client.js';

const base = { name: 'xivo_users', type: 'xivo', confd_config: { host: '127.0.0.1' } };
const key = (name: string) => `sources.xivo_users.confd_config.${name}`;
const confd = (config: Partial<ConfdConfig>): ConfdConfig => ({
  ...CONFD_DEFAULTS,
  verify_certificate: true,
  host: 'h',
  ...config,
});

describe('a xivo source key of the wrong type: taken as plainly meant, or a problem naming the key', () => {
  for (const c of wrongTypeCases(XivoConfigSchema, base, [
    ...COMMON_SOURCE_ROWS,
    { key: 'confd_config', kind: 'mapping', onNull: 'error' },
    { key: 'confd_config.host', kind: 'text', onNull: 'error' },
    { key: 'confd_config.port', kind: 'integer', onNull: 'error' },
    { key: 'confd_config.https', kind: 'boolean', onNull: 'error' },
    { key: 'confd_config.prefix', kind: 'text', onNull: 'absent' },
    { key: 'confd_config.timeout', kind: 'number', onNull: 'error' },
    { key: 'confd_config.token', kind: 'text', onNull: 'absent' },
    { key: 'extra_search_params', kind: 'mapping', onNull: 'absent' },
    { key: 'max_answer_bytes', kind: 'integer', onNull: 'error' },
  ]))
    it(c.name, () => c.check());
});

describe('xivo source block', () => {
  it("gets xivo-confd-client's defaults, and a bound on the answer", () => {
    const { value, problems } = checkBlock(XivoConfigSchema, base);
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      confd_config: {
        host: '127.0.0.1',
        port: 9486,
        https: true,
        version: '1.1',
        timeout: 10,
        verify_certificate: true,
      },
      max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
    });
  });

  it('requires confd_config and its host; a port, version, prefix or timeout that cannot be is a problem at its key', () => {
    expect(checkBlock(XivoConfigSchema, { name: 's', type: 'xivo' }).problems.map((p) => p.path)).toContain(
      '/confd_config',
    );
    const { problems } = checkBlock(XivoConfigSchema, {
      ...base,
      confd_config: { port: 70000, version: '1.1/../x', prefix: 'api?x', timeout: 0 },
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        '/confd_config/host',
        '/confd_config/port',
        '/confd_config/version',
        '/confd_config/prefix',
        '/confd_config/timeout',
      ]),
    );
  });
});

describe('confd URLs', () => {
  it('are scheme, host, port, prefix and version, as xivo-confd-client made them', () => {
    expect(baseUrl(confd({ host: 'xivo.example' }), key).href).toBe('https://xivo.example:9486/1.1/');
    expect(baseUrl(confd({ host: '127.0.0.1', port: 9487, https: false }), key).href).toBe(
      'http://127.0.0.1:9487/1.1/',
    );
    expect(baseUrl(confd({ host: '::1', prefix: '/api/confd/' }), key).href).toBe('https://[::1]:9486/api/confd/1.1/');
    // XiVO's shipped block writes `version: 1.1`, a number in YAML.
    expect(baseUrl(confd({ host: 'h', version: 1.1 }), key).href).toBe('https://h:9486/1.1/');
    expect(checkBlock(XivoConfigSchema, { ...base, confd_config: { host: 'h', version: 1.1 } }).problems).toEqual([]);
  });

  it('refuse a host that is not one, naming its key', () => {
    for (const host of ['evil.example/x', 'user@evil.example', 'a b', 'h?x']) {
      expect(() => baseUrl(confd({ host }), key), host).toThrow(ConfigError);
      expect(() => baseUrl(confd({ host }), key), host).toThrow(/^sources\.xivo_users\.confd_config\.host: not a host/);
    }
  });

  it('ask the directory view, the term encoded; extra parameters come first and cannot replace view or search', () => {
    const client = new ConfdClient(confd({ host: 'h' }), {
      verifyCertificate: true,
      maxAnswerBytes: 1,
      extraParams: { recurse: true, view: 'summary', search: 'x', limit: 5 },
      key,
    });
    try {
      expect(client.usersUrl('a&b=c#d').href).toBe(
        'https://h:9486/1.1/users?recurse=true&limit=5&view=directory&search=a%26b%3Dc%23d',
      );
      expect(client.usersUrl().search).toBe('?recurse=true&limit=5&view=directory');
      expect(client.infosUrl().href).toBe('https://h:9486/1.1/infos');
    } finally {
      client.close();
    }
  });
});

describe('confd answers', () => {
  /** A server answering each path with the body of `answers` (404 for others), and the client for it. */
  async function serve(answers: Record<string, string>) {
    const server = http.createServer((req, res) => {
      const body = answers[new URL(req.url ?? '/', 'http://h').pathname];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(body ?? '[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new ConfdClient(confd({ host: '127.0.0.1', port, https: false }), {
      verifyCertificate: true,
      maxAnswerBytes: 1024,
      key,
    });
    const close = () => {
      client.close();
      return new Promise((resolve) => server.close(resolve));
    };
    return { client, close, signal: new AbortController().signal };
  }

  it('are the users of {items}, without what is not a user; a 404 is none', async () => {
    const { client, close, signal } = await serve({
      '/1.1/users': JSON.stringify({ total: 4, items: [{ id: 1 }, null, 'x', [2], { id: 3 }] }),
      '/1.1/infos': JSON.stringify({ uuid: 'x-1' }),
    });
    try {
      expect(await client.users(client.usersUrl('a'), signal)).toEqual([{ id: 1 }, { id: 3 }]);
      expect(await client.uuid(signal)).toBe('x-1');
      expect(await client.users(new URL('/nothing/users', client.base), signal)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("fail the call, saying what was wrong, for an answer that is not confd's", async () => {
    const { client, close, signal } = await serve({
      '/1.1/users': JSON.stringify({ total: 0, users: [] }),
      '/1.1/infos': '{"uuid": 7}',
    });
    try {
      await expect(client.users(client.usersUrl('a'), signal)).rejects.toThrow(
        /users: the answer is not an object with a list of users in "items": is it xivo-confd\?$/,
      );
      await expect(client.uuid(signal)).rejects.toThrow(/infos: the answer is not an object with the XiVO's "uuid"/);
    } finally {
      await close();
    }
  });

  it('fail the call for an answer larger than max_answer_bytes', async () => {
    const { client, close, signal } = await serve({
      '/1.1/users': JSON.stringify({ items: [{ a: 'x'.repeat(2000) }] }),
    });
    try {
      await expect(client.users(client.usersUrl(), signal)).rejects.toThrow(
        /larger than max_answer_bytes \(1024 bytes\)/,
      );
    } finally {
      await close();
    }
  });
});
