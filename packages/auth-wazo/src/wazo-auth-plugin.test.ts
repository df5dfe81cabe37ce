import { AuthUnavailableError, checkBlock, ConfigError } from '@dird/core';
import { loadArgs, loadPluginThroughRegistry, memoryLogger } from '@dird/core/testkit';
import { selfSignedCertificate, startWazoAuth, type WazoAuthMock } from '@dird/test-servers';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WazoAuthConfigSchema } from './config.js';
import { WazoAuthPlugin } from './wazo-auth-plugin.js';

const USER = '6d3b6c2e-5d6a-4c1e-9a3f-1b2c3d4e5f60';
const AUTH_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = '7e0f5f2c-0a1b-4c2d-8e3f-aabbccddeeff';
const VALID = 'f0e1d2c3-b4a5-4697-8899-aabbccddeef0';
const SALES_ONLY = 'f0e1d2c3-b4a5-4697-8899-aabbccddeef1';
const NO_ACL = 'f0e1d2c3-b4a5-4697-8899-aabbccddeef2';
const SERVICE = 'f0e1d2c3-b4a5-4697-8899-aabbccddeef3';
const UNKNOWN = 'f0e1d2c3-b4a5-4697-8899-aabbccddeeff';
const LOOKUP = 'dird.directories.lookup.default.read';

let mock: WazoAuthMock;
const loaded: WazoAuthPlugin[] = [];

async function verifier(overrides: Record<string, unknown> = {}, server: WazoAuthMock = mock) {
  const logger = memoryLogger();
  const { value, problems } = checkBlock(WazoAuthConfigSchema, { ...server.authConfig(), ...overrides });
  expect(problems).toEqual([]);
  const plugin = new WazoAuthPlugin();
  await plugin.load(loadArgs(value as never, { logger }));
  loaded.push(plugin);
  const verify = (token: string, acl = LOOKUP, signal = AbortSignal.timeout(20_000)) =>
    plugin.verify(token, acl, signal);
  return { plugin, verify, logger };
}

const heads = () => mock.requests.filter((r) => r.method === 'HEAD');
const gets = () => mock.requests.filter((r) => r.method === 'GET');

beforeAll(async () => {
  mock = await startWazoAuth({
    tokens: {
      [VALID]: {
        auth_id: AUTH_ID,
        xivo_user_uuid: USER,
        tenant_uuid: TENANT,
        acl: [LOOKUP, 'dird.directories.reverse.*.me.read'],
      },
      [SALES_ONLY]: { auth_id: USER, acl: ['dird.directories.lookup.sales.#'] },
      [NO_ACL]: { auth_id: USER, acl: [] },
      [SERVICE]: { auth_id: 'wazo-dird-service', xivo_user_uuid: null, acl: ['dird.#'] },
    },
  });
});

afterEach(async () => {
  for (const p of loaded.splice(0)) p.unload();
  mock.behave({ mode: 'answer' });
  await mock.start();
  mock.clearRequests();
});

afterAll(async () => {
  await mock.close();
});

describe('wazo verifier: verdicts', () => {
  it('loads through the real registry from its package.json', async () => {
    expect((await loadPluginThroughRegistry('auth', 'wazo')).cls.pluginKind).toBe('auth');
  });

  it('grants a valid token with the ACL: HEAD with the exact scope, then GET for whose it is', async () => {
    const { verify } = await verifier({ cache_ttl: 0 });
    expect(await verify(VALID)).toEqual({ valid: true, userUuid: USER, tenant: TENANT });
    expect(mock.requests.map(({ method, token, scope }) => ({ method, token, scope }))).toEqual([
      { method: 'HEAD', token: VALID, scope: LOOKUP },
      { method: 'GET', token: VALID, scope: null },
    ]);
  });

  it('takes data.auth_id as the user when xivo_user_uuid is null, and no tenant when metadata has none', async () => {
    const { verify } = await verifier();
    expect(await verify(SERVICE, 'dird.personal.read')).toEqual({
      valid: true,
      userUuid: 'wazo-dird-service',
      tenant: null,
    });
  });

  it('refuses an unknown token and a token without the ACL, after the HEAD alone', async () => {
    const { verify } = await verifier();
    expect(await verify(UNKNOWN)).toMatchObject({ valid: false, reason: expect.stringContaining('404') });
    expect(await verify(NO_ACL)).toMatchObject({ valid: false, reason: expect.stringContaining(LOOKUP) });
    expect(heads()).toHaveLength(2);
    expect(gets()).toHaveLength(0);
  });

  it('grants a token whose ACL names one profile for that profile only', async () => {
    const { verify } = await verifier();
    expect(await verify(SALES_ONLY, 'dird.directories.lookup.sales.read')).toMatchObject({ valid: true });
    expect(await verify(SALES_ONLY, 'dird.directories.lookup.sales.headers.read')).toMatchObject({ valid: true });
    expect(await verify(SALES_ONLY, LOOKUP)).toMatchObject({ valid: false });
    expect(heads().map((r) => r.scope)).toEqual([
      'dird.directories.lookup.sales.read',
      'dird.directories.lookup.sales.headers.read',
      LOOKUP,
    ]);
  });

  it("lets wazo-auth apply 'me': the reverse ACL of the token's own user only", async () => {
    const { verify } = await verifier();
    expect(await verify(VALID, `dird.directories.reverse.default.${AUTH_ID}.read`)).toMatchObject({ valid: true });
    expect(await verify(VALID, `dird.directories.reverse.default.${USER}.read`)).toMatchObject({ valid: false });
  });

  it('refuses, without asking, what cannot be a wazo-auth token (empty, blanks, non-ASCII, huge)', async () => {
    const { verify } = await verifier();
    for (const token of ['', 'a b', 'tökén', 'x'.repeat(5000), 'a\nb']) {
      expect(await verify(token)).toMatchObject({ valid: false });
    }
    expect(mock.requests).toEqual([]);
  });

  it('takes another 4xx as a refusal, a 5xx as "cannot tell"', async () => {
    const { verify } = await verifier();
    mock.behave({ mode: 'status', status: 401 });
    expect(await verify(VALID)).toMatchObject({ valid: false, reason: 'wazo-auth answered 401' });
    mock.behave({ mode: 'status', status: 503 });
    await expect(verify(VALID)).rejects.toThrow(AuthUnavailableError);
    await expect(verify(VALID)).rejects.toThrow(/^Authentication server unreachable: .* answered 503$/);
  });
});

describe('wazo verifier: the server down or slow', () => {
  it('cannot tell when the server is down (503 for the request), and recovers when it is back', async () => {
    const { verify } = await verifier();
    await mock.stop();
    const err = await verify(VALID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthUnavailableError);
    expect((err as AuthUnavailableError).code).toBe('DIRD_ERR_AUTH_UNAVAILABLE');
    expect((err as Error).message).toMatch(
      /^Authentication server unreachable: http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
    await mock.start();
    expect(await verify(VALID)).toMatchObject({ valid: true });
  });

  it('reports its health for the status route: failing with when and why while down, ok once it answers', async () => {
    const { plugin, verify } = await verifier({ timeout: 0.3 });
    expect(plugin.health()).toEqual({ status: 'ok', target: `http://127.0.0.1:${mock.port}` });
    await mock.stop();
    const before = Date.now();
    await verify(VALID).catch(() => undefined);
    const down = plugin.health();
    expect(down.status).toBe('failing');
    expect(down.lastFailure!.at).toBeGreaterThanOrEqual(before);
    expect(down.lastFailure!.reason).toMatch(/ECONNREFUSED/);
    await mock.start();
    mock.behave({ mode: 'hang' });
    await verify(UNKNOWN).catch(() => undefined);
    expect(plugin.health().lastFailure!.reason).toMatch(/did not answer within 0\.3 s$/);
    mock.behave({ mode: 'answer' });
    await verify(VALID);
    expect(plugin.health()).toMatchObject({ status: 'ok', lastFailure: { reason: expect.any(String) } });
    expect(plugin.health().lastSuccess).toBeGreaterThanOrEqual(down.lastFailure!.at);
  });

  it('cannot tell when the server does not answer within the timeout', async () => {
    const { verify } = await verifier({ timeout: 0.3 });
    mock.behave({ mode: 'hang' });
    const started = performance.now();
    await expect(verify(VALID)).rejects.toThrow(/^Authentication server unreachable: .* did not answer within 0\.3 s$/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('cannot tell when the HEAD answers but the GET for whose token it is hangs', async () => {
    const { verify } = await verifier({ timeout: 0.3 });
    mock.behave({ mode: 'hang', only: 'GET' });
    await expect(verify(VALID)).rejects.toThrow(/^Authentication server unreachable: .* did not answer within 0\.3 s$/);
  });

  it('gives "cannot tell" to a check that joined a GET already under way when that GET times out', async () => {
    const { verify } = await verifier({ timeout: 0.4 });
    mock.behave({ mode: 'hang', only: 'GET' });
    const first = verify(VALID).catch((e: unknown) => e);
    await sleep(200);
    const second = verify(VALID, `dird.directories.reverse.default.${AUTH_ID}.read`).catch((e: unknown) => e);
    for (const outcome of await Promise.all([first, second])) {
      expect(outcome).toBeInstanceOf(AuthUnavailableError);
    }
    expect(gets()).toHaveLength(1);
  });

  it("stops waiting when the caller's signal aborts, with the caller's reason", async () => {
    const { verify } = await verifier({ timeout: 30 });
    mock.behave({ mode: 'hang' });
    const reason = new Error('client went away');
    const controller = new AbortController();
    const pending = verify(VALID, LOOKUP, controller.signal);
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('logs the outage at warn level, throttled, without the token', async () => {
    const { verify, logger } = await verifier();
    await mock.stop();
    for (let i = 0; i < 5; i++) await verify(VALID).catch(() => undefined);
    const warnings = logger.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/Authentication server unreachable/);
    expect(JSON.stringify(logger.entries)).not.toContain(VALID);
  });
});

describe('wazo verifier: cache and coalescing', () => {
  it('keeps a positive answer for cache_ttl: one HEAD and one GET for many checks', async () => {
    const { verify } = await verifier({ cache_ttl: 60 });
    for (let i = 0; i < 5; i++) expect(await verify(VALID)).toMatchObject({ valid: true, userUuid: USER });
    expect(heads()).toHaveLength(1);
    expect(gets()).toHaveLength(1);
  });

  it('asks again for another ACL of a cached token, but knows whose it is (one GET per token)', async () => {
    const { verify } = await verifier({ cache_ttl: 60 });
    await verify(VALID);
    expect(await verify(VALID, `dird.directories.reverse.default.${AUTH_ID}.read`)).toMatchObject({ valid: true });
    expect(heads()).toHaveLength(2);
    expect(gets()).toHaveLength(1);
  });

  it('asks again once cache_ttl has passed, so a revoked token stops working', async () => {
    const { verify } = await verifier({ cache_ttl: 0.2 });
    const token = 'c0ffee00-0000-4000-8000-000000000001';
    mock.setToken(token, { auth_id: USER, acl: [LOOKUP] });
    expect(await verify(token)).toMatchObject({ valid: true });
    mock.removeToken(token);
    expect(await verify(token)).toMatchObject({ valid: true });
    expect(heads()).toHaveLength(1);
    await sleep(300);
    expect(await verify(token)).toMatchObject({ valid: false });
    expect(heads()).toHaveLength(2);
  });

  it('never keeps a refusal: a token created meanwhile works at once', async () => {
    const { verify } = await verifier({ cache_ttl: 60 });
    const token = 'c0ffee00-0000-4000-8000-000000000002';
    expect(await verify(token)).toMatchObject({ valid: false });
    expect(await verify(token)).toMatchObject({ valid: false });
    mock.setToken(token, { auth_id: USER, acl: [LOOKUP] });
    expect(await verify(token)).toMatchObject({ valid: true });
    expect(heads()).toHaveLength(3);
    mock.removeToken(token);
  });

  it('answers at once (verifyNow) only from what it remembers, and forgets it with cache_ttl', async () => {
    const { plugin, verify } = await verifier({ cache_ttl: 0.2 });
    expect(plugin.verifyNow(VALID, LOOKUP)).toBeUndefined();
    expect(plugin.verifyNow('not a token', LOOKUP)).toMatchObject({ valid: false });
    await verify(VALID);
    expect(plugin.verifyNow(VALID, LOOKUP)).toMatchObject({ valid: true, userUuid: USER });
    expect(plugin.verifyNow(VALID, 'dird.personal.read')).toBeUndefined();
    const unknown = 'c0ffee00-0000-4000-8000-000000000003';
    await verify(unknown);
    expect(plugin.verifyNow(unknown, LOOKUP)).toBeUndefined();
    await sleep(300);
    expect(plugin.verifyNow(VALID, LOOKUP)).toBeUndefined();
    expect(heads()).toHaveLength(2);
  });

  it('asks every time with cache_ttl 0', async () => {
    const { verify } = await verifier({ cache_ttl: 0 });
    for (let i = 0; i < 3; i++) await verify(VALID);
    expect(heads()).toHaveLength(3);
    expect(gets()).toHaveLength(3);
  });

  it('holds at most cache_size answers, dropping the least recently used', async () => {
    const { verify } = await verifier({ cache_ttl: 60, cache_size: 2 });
    const acls = ['dird.a', 'dird.b', 'dird.c'];
    for (const acl of acls) await verify(SERVICE, acl);
    mock.clearRequests();
    await verify(SERVICE, 'dird.c');
    await verify(SERVICE, 'dird.b');
    expect(heads()).toHaveLength(0);
    await verify(SERVICE, 'dird.a');
    expect(heads().map((r) => r.scope)).toEqual(['dird.a']);
  });

  it('sends one request for identical checks made at once, and gives each caller the answer', async () => {
    const { verify } = await verifier({ cache_ttl: 60 });
    mock.behave({ mode: 'delay', ms: 150 });
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => verify(VALID)));
    for (const v of verdicts) expect(v).toEqual({ valid: true, userUuid: USER, tenant: TENANT });
    expect(heads()).toHaveLength(1);
    expect(gets()).toHaveLength(1);
  });

  it('coalesces refusals too, and asks again afterwards', async () => {
    const { verify } = await verifier({ cache_ttl: 60 });
    mock.behave({ mode: 'delay', ms: 100 });
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => verify(UNKNOWN)));
    for (const v of verdicts) expect(v.valid).toBe(false);
    expect(heads()).toHaveLength(1);
    await verify(UNKNOWN);
    expect(heads()).toHaveLength(2);
  });

  it('lets a caller give up without cancelling the check others still wait for', async () => {
    const { verify } = await verifier({ cache_ttl: 60 });
    mock.behave({ mode: 'delay', ms: 200 });
    const impatient = new AbortController();
    const first = verify(VALID, LOOKUP, impatient.signal);
    const second = verify(VALID);
    impatient.abort(new Error('gone'));
    await expect(first).rejects.toThrow('gone');
    expect(await second).toMatchObject({ valid: true });
    expect(heads()).toHaveLength(1);
  });
});

describe('wazo verifier: URLs and logs', () => {
  it.each(['../../0.1/token/other', 'a/b', 'a?scope=dird.#', 'a#b', '..', '.', '%2F..%2F', "x!'()*~"])(
    'sends token %j as one path segment, which wazo-auth reads back exactly',
    async (token) => {
      const { verify } = await verifier({ cache_ttl: 0 });
      mock.setToken(token, { auth_id: USER, acl: [LOOKUP] });
      try {
        expect(await verify(token)).toMatchObject({ valid: true });
      } finally {
        mock.removeToken(token);
      }
      for (const r of mock.requests) {
        expect(r.token).toBe(token);
        expect(r.url.split('?')[0]).toMatch(/^\/0\.1\/token\/[^/?#.]+$/);
      }
    },
  );

  it('sends the ACL percent-encoded, read back exactly', async () => {
    const { verify } = await verifier();
    const acl = 'dird.directories.lookup.a&scope=b #é+%.read';
    await verify(SERVICE, acl);
    expect(heads()[0].scope).toBe(acl);
  });

  it('talks through a URL prefix (wazo-auth behind nginx)', async () => {
    const behind = await startWazoAuth({ prefix: '/api/auth', tokens: { [VALID]: { auth_id: USER, acl: ['#'] } } });
    try {
      const { verify } = await verifier({ prefix: 'api/auth' }, behind);
      expect(await verify(VALID)).toMatchObject({ valid: true, userUuid: USER });
      expect(behind.requests[0].url).toMatch(/^\/api\/auth\/0\.1\/token\//);
    } finally {
      await behind.close();
    }
  });

  it('never writes a token in its log, whatever happens', async () => {
    const { verify, logger } = await verifier({ cache_ttl: 0, timeout: 0.2 });
    await verify(VALID);
    await verify(UNKNOWN);
    await verify(NO_ACL);
    mock.behave({ mode: 'hang' });
    await verify(VALID).catch(() => undefined);
    const text = JSON.stringify(logger.entries);
    expect(logger.entries.some((e) => e.level === 'debug' && e.msg === 'token refused')).toBe(true);
    for (const token of [VALID, UNKNOWN, NO_ACL]) expect(text).not.toContain(token);
  });
});

describe('wazo verifier: HTTPS', () => {
  let dir: string;
  let secure: WazoAuthMock;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dird-auth-wazo-'));
    const tls = await selfSignedCertificate(dir);
    secure = await startWazoAuth({ tls, tokens: { [VALID]: { auth_id: USER, acl: [LOOKUP] } } });
  });

  afterAll(async () => {
    await secure?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('checks the certificate against the CA file given as verify_certificate', async () => {
    const { verify } = await verifier({}, secure);
    expect(await verify(VALID)).toMatchObject({ valid: true });
  });

  it('refuses a certificate no CA vouches for (verify_certificate true): the verifier cannot tell', async () => {
    const { verify } = await verifier({ verify_certificate: true }, secure);
    await expect(verify(VALID)).rejects.toThrow(AuthUnavailableError);
  });

  it('skips the check with verify_certificate false', async () => {
    const { verify } = await verifier({ verify_certificate: false }, secure);
    expect(await verify(VALID)).toMatchObject({ valid: true });
  });

  it('names auth.verify_certificate when the CA file is missing', async () => {
    const { value } = checkBlock(WazoAuthConfigSchema, {
      host: 'localhost',
      verify_certificate: '/nonexistent/ca.pem',
    });
    const err = await new WazoAuthPlugin().load(loadArgs(value as never)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toBe('auth.verify_certificate');
    expect((err as Error).message).toMatch(
      /auth\.verify_certificate: cannot read the CA file \/nonexistent\/ca\.pem: ENOENT/,
    );
  });

  it('talks HTTP to an HTTPS server as a failure to tell, not a refusal', async () => {
    const { verify } = await verifier({ https: false }, secure);
    await expect(verify(VALID)).rejects.toThrow(AuthUnavailableError);
  });
});

describe('wazo verifier: config', () => {
  it("applies the wazo clients' defaults: port 9497, HTTPS checked, 10 s, no prefix; dird's cache 5 s", () => {
    const { value, problems } = checkBlock(WazoAuthConfigSchema, { host: 'auth.example.com' });
    expect(problems).toEqual([]);
    expect(value).toEqual({
      host: 'auth.example.com',
      port: 9497,
      https: true,
      verify_certificate: true,
      timeout: 10,
      prefix: null,
      cache_ttl: 5,
      cache_size: 10_000,
    });
  });

  it("accepts wazo-dird's own auth section (type, enabled, prefix null, key_file)", () => {
    const wazoDird = {
      type: 'wazo',
      enabled: true,
      host: 'localhost',
      port: 9497,
      prefix: null,
      https: false,
      key_file: '/var/lib/wazo-auth-keys/wazo-dird-key.yml',
    };
    const { problems, unknownKeys } = checkBlock(WazoAuthConfigSchema, wazoDird);
    expect(problems).toEqual([]);
    expect(unknownKeys).toEqual([]);
  });

  it('names the key of a bad value', () => {
    const bad = (block: Record<string, unknown>) => checkBlock(WazoAuthConfigSchema, block).problems.map((p) => p.path);
    expect(bad({})).toContain('/host');
    expect(bad({ host: 'h', port: 'x' })).toContain('/port');
    expect(bad({ host: 'h', timeout: 0 })).toContain('/timeout');
    expect(bad({ host: 'h', cache_ttl: -1 })).toContain('/cache_ttl');
    expect(bad({ host: 'h', verify_certificate: 3 })).toContain('/verify_certificate');
    expect(bad({ host: 'h', prefix: '/a?b' })).toContain('/prefix');
  });
});
