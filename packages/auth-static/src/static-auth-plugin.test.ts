import { ConfigError, validateBlock, type TokenVerdict } from '@dird/core';
import { loadArgs, loadPluginThroughRegistry, memoryLogger } from '@dird/core/testkit';
import { createHash } from 'node:crypto';
import type * as Crypto from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaticAuthConfigSchema } from './config.js';
import { StaticAuthPlugin } from './static-auth-plugin.js';

// Counts the constant-time comparisons while keeping Node's own.
const compared = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.count++;
      return real.timingSafeEqual(a, b);
    },
  };
});

const ALICE = '0d6b1c58-8d9e-4b7a-9a51-3f1f7c2d0a01';
const BOB = '0d6b1c58-8d9e-4b7a-9a51-3f1f7c2d0a02';
const ALICE_TOKEN = 'alice-token-0123456789abcdef';
const BOB_TOKEN = 'bob-token-fedcba9876543210';
const PHONE_TOKEN = 'phone-token-for-the-sales-profile';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-auth-static-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Validates `block` as the host does (keys named from `auth`, paths against `dir`), then loads the plugin. */
async function verifier(block: Record<string, unknown>) {
  const { value, errors } = validateBlock(StaticAuthConfigSchema, block, {
    keyPath: ['auth'],
    resolvePath: (v) => path.resolve(dir, v),
  });
  if (errors.length > 0) throw new ConfigError(errors[0].message, { key: errors[0].key });
  const plugin = new StaticAuthPlugin();
  const logger = memoryLogger();
  await plugin.load(loadArgs(value as never, { logger }));
  const verify = (token: string, acl: string): Promise<TokenVerdict> =>
    plugin.verify(token, acl, AbortSignal.timeout(1000));
  return { plugin, verify, logger };
}

const TOKENS = [
  { token: ALICE_TOKEN, user_uuid: ALICE, tenant: 't1', acls: ['dird.#'] },
  { token_sha256: sha256(BOB_TOKEN), user_uuid: BOB, acls: ['dird.directories.*.default.read', 'dird.personal.me.#'] },
  {
    token: PHONE_TOKEN,
    user_uuid: BOB,
    acls: ['dird.directories.lookup.sales.#', '!dird.directories.lookup.sales.headers.read'],
  },
];

describe('static verifier', () => {
  beforeEach(() => void (compared.count = 0));

  it('loads through the real registry from its package.json', async () => {
    expect((await loadPluginThroughRegistry('auth', 'static')).cls.pluginKind).toBe('auth');
  });

  it('grants a listed token what its patterns grant, with its user and tenant', async () => {
    const { verify } = await verifier({ tokens: TOKENS });
    expect(await verify(ALICE_TOKEN, 'dird.directories.lookup.default.read')).toEqual({
      valid: true,
      userUuid: ALICE,
      tenant: 't1',
    });
    expect(await verify(BOB_TOKEN, 'dird.directories.lookup.default.read')).toEqual({
      valid: true,
      userUuid: BOB,
      tenant: null,
    });
  });

  it('refuses an unknown token, and a known one without the ACL', async () => {
    const { verify } = await verifier({ tokens: TOKENS });
    expect(await verify('nobody-knows-this-token', 'dird.personal.read')).toEqual({
      valid: false,
      reason: 'unknown token',
    });
    expect(await verify(BOB_TOKEN, 'dird.directories.lookup.sales.read')).toMatchObject({ valid: false });
    expect(await verify(BOB_TOKEN, 'dird.directories.lookup.default.headers.read')).toMatchObject({ valid: false });
    expect(await verify('', 'dird.personal.read')).toMatchObject({ valid: false });
  });

  it('applies wazo patterns: * one segment, # any run, me the token user, ! to deny', async () => {
    const { verify } = await verifier({ tokens: TOKENS });
    expect(await verify(BOB_TOKEN, 'dird.directories.reverse.default.read')).toMatchObject({ valid: true });
    expect(await verify(BOB_TOKEN, 'dird.directories.reverse.x.default.read')).toMatchObject({ valid: false });
    expect(await verify(BOB_TOKEN, `dird.personal.${BOB}.read`)).toMatchObject({ valid: true });
    expect(await verify(BOB_TOKEN, `dird.personal.${ALICE}.read`)).toMatchObject({ valid: false });
    expect(await verify(PHONE_TOKEN, 'dird.directories.lookup.sales.read')).toMatchObject({ valid: true });
    expect(await verify(PHONE_TOKEN, 'dird.directories.lookup.sales.headers.read')).toMatchObject({ valid: false });
    expect(await verify(PHONE_TOKEN, 'dird.directories.lookup.default.read')).toMatchObject({ valid: false });
  });

  it('compares the token with every known one in constant time, whichever matches', async () => {
    const { verify } = await verifier({ tokens: TOKENS });
    for (const token of [ALICE_TOKEN, PHONE_TOKEN, 'unknown-token-0123456789']) {
      compared.count = 0;
      await verify(token, 'dird.x');
      expect(compared.count, token).toBe(TOKENS.length);
    }
  });

  it('answers at once (verifyNow) as verify does, and remembers only grants', async () => {
    const { plugin, verify } = await verifier({ tokens: TOKENS });
    const acl = 'dird.directories.lookup.default.read';
    expect(plugin.verifyNow(ALICE_TOKEN, acl)).toEqual(await verify(ALICE_TOKEN, acl));
    compared.count = 0;
    // A granted (token, ACL) is answered again without comparing tokens.
    expect(plugin.verifyNow(ALICE_TOKEN, acl)).toMatchObject({ valid: true, userUuid: ALICE });
    expect(compared.count).toBe(0);
    // A refusal is never remembered: an unknown token takes the whole comparison every time.
    plugin.verifyNow('nobody-knows-this-token', acl);
    plugin.verifyNow('nobody-knows-this-token', acl);
    expect(compared.count).toBe(2 * TOKENS.length);
    // The same token for an ACL it does not hold is still refused after a grant for another ACL.
    expect(plugin.verifyNow(BOB_TOKEN, acl)).toMatchObject({ valid: true });
    expect(plugin.verifyNow(BOB_TOKEN, 'dird.directories.lookup.sales.read')).toMatchObject({ valid: false });
    // Unloading forgets the grants.
    plugin.unload();
    expect(plugin.verifyNow(ALICE_TOKEN, acl)).toEqual({ valid: false, reason: 'unknown token' });
  });

  it('keeps no token in clear: a token_sha256 entry works, and the plugin holds no clear token', async () => {
    const { plugin, verify } = await verifier({ tokens: TOKENS });
    expect(await verify(BOB_TOKEN, 'dird.personal.me.read')).toMatchObject({ valid: true });
    expect(await verify(sha256(BOB_TOKEN), 'dird.personal.me.read')).toMatchObject({ valid: false });
    const held = JSON.stringify(plugin);
    for (const token of [ALICE_TOKEN, PHONE_TOKEN]) expect(held).not.toContain(token);
  });

  it('reads tokens_file (YAML or JSON), relative to the config, next to the inline tokens', async () => {
    await writeFile(
      path.join(dir, 'tokens.yml'),
      `- token_sha256: ${sha256('from-the-yaml-file-token')}\n  user_uuid: ${ALICE}\n  acls: [dird.#]\n`,
    );
    await writeFile(
      path.join(dir, 'tokens.json'),
      JSON.stringify({ tokens: [{ token: 'from-the-json-file-token', user_uuid: BOB, acls: 'dird.personal.#' }] }),
    );
    const yaml = await verifier({ tokens: [TOKENS[0]], tokens_file: 'tokens.yml' });
    expect(await yaml.verify('from-the-yaml-file-token', 'dird.x')).toMatchObject({ valid: true, userUuid: ALICE });
    expect(await yaml.verify(ALICE_TOKEN, 'dird.x')).toMatchObject({ valid: true });
    const json = await verifier({ tokens_file: 'tokens.json' });
    expect(await json.verify('from-the-json-file-token', 'dird.personal.read')).toMatchObject({ valid: true });
  });

  it('warns about short tokens and about having none', async () => {
    const short = await verifier({ tokens: [{ token: 'abc', user_uuid: ALICE, acls: [] }] });
    expect(short.logger.text()).toMatch(/warn: auth\.tokens\.0: a token of fewer than 16 characters/);
    expect(short.logger.text()).not.toContain('abc');
    const none = await verifier({});
    expect(none.logger.text()).toMatch(/warn: no static token is configured: every request will get 401/);
  });
});

describe('static verifier: config mistakes name the key', () => {
  const failure = (block: Record<string, unknown>) =>
    verifier(block).then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    );

  it('in the config', async () => {
    const third = { token: 'x'.repeat(20), user_uuid: ALICE, acls: 'dird.#' };
    expect((await failure({ tokens: [TOKENS[0], TOKENS[1], { ...third, acls: 3 }] }))?.key).toBe('auth.tokens.2.acls');
    expect((await failure({ tokens: [{ ...third, user_uuid: undefined }] }))?.key).toBe('auth.tokens.0.user_uuid');
    expect((await failure({ tokens: [{ ...third, token_sha256: 'abc' }] }))?.key).toBe('auth.tokens.0.token_sha256');
    const both = await failure({ tokens: [{ ...third, token_sha256: sha256('y') }] });
    expect(both?.message).toBe(
      'auth.tokens.0: give exactly one of token (the token in clear) and token_sha256 (its hash)',
    );
    const neither = await failure({ tokens: [TOKENS[0], { user_uuid: ALICE, acls: [] }] });
    expect(neither?.key).toBe('auth.tokens.1');
    const twice = await failure({ tokens: [TOKENS[1], { ...third, token: BOB_TOKEN }] });
    expect(twice?.message).toBe('auth.tokens.1: the same token as auth.tokens.0');
  });

  it('in tokens_file, with the file', async () => {
    const file = path.join(dir, 'bad.yml');
    await writeFile(
      file,
      `- {token: ${'t'.repeat(20)}, user_uuid: u, acls: []}\n- {token: ${'s'.repeat(20)}, user_uuid: u}\n`,
    );
    const err = await failure({ tokens_file: 'bad.yml' });
    expect(err?.message).toBe(`${file}: auth.tokens_file.1.acls: Expected required property`);
    await writeFile(file, 'tokens: {a: 1}\n');
    expect((await failure({ tokens_file: 'bad.yml' }))?.message).toMatch(
      /bad\.yml: auth\.tokens_file: expected a list/,
    );
    await writeFile(file, '- [unclosed\n');
    expect((await failure({ tokens_file: 'bad.yml' }))?.message).toMatch(
      /bad\.yml: auth\.tokens_file: not YAML or JSON/,
    );
    expect((await failure({ tokens_file: 'missing.yml' }))?.message).toMatch(
      /^auth\.tokens_file: cannot read the tokens file .*missing\.yml: ENOENT$/,
    );
  });
});
