import { checkBlock } from '@dird/core';
import { blackHole, freePort, sourceCallArgs } from '@dird/core/testkit';
import type { Slapd } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapConfigSchema, type LdapConfig } from '../src/config.js';
import type { LdapSourcePlugin } from '../src/ldap-source-plugin.js';
import { call, connectionsTo, loadSource, memoryLogger, startCompanySlapd, SUFFIX } from './fixtures.js';

let slapd: Slapd;
const sources: LdapSourcePlugin[] = [];
const BASE = { ldap_base_dn: SUFFIX, searched_columns: ['cn'] };
// Deadline checks allow for a busy machine, and stay well below the 1 s ldap_timeout and the 10 s call deadline.
const MARGIN_MS = 400;

async function source(block: Record<string, unknown>, logger = memoryLogger()): Promise<LdapSourcePlugin> {
  const s = await loadSource({ ...BASE, ...block }, logger);
  sources.push(s);
  return s;
}

/** How long `promise` takes to settle, and how. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; value?: T; error?: Error }> {
  const started = performance.now();
  try {
    const value = await promise;
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error: error as Error };
  }
}

beforeAll(async () => {
  slapd = await startCompanySlapd({ tls: true });
});

afterAll(async () => {
  for (const s of sources) s.unload();
  await slapd?.stop();
});

describe('bind', () => {
  it('binds with ldap_username and ldap_password', async () => {
    const dir = await source({ ldap_uri: slapd.uri, ldap_username: slapd.rootDn, ldap_password: slapd.rootPassword });
    expect(await dir.search('ç', call())).toHaveLength(1);
  });

  it('loads with wrong credentials, says why in the log, fails its calls with the reason, and retries', async () => {
    const logger = memoryLogger();
    const dir = await source({ ldap_uri: slapd.uri, ldap_username: slapd.rootDn, ldap_password: 'wrong' }, logger);
    expect(logger.text()).toMatch(
      /warn: cannot use LDAP server ldap:\/\/127\.0\.0\.1:\d+: bind failed: invalidCredentials/,
    );
    await expect(dir.search('ç', call())).rejects.toThrow('bind failed: invalidCredentials');
    await expect(dir.search('ç', call())).rejects.toThrow('invalidCredentials');
    // Retried on each call, logged once per interval.
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
  });
});

describe('a server that is not there', () => {
  it('loads, and fails calls at once when the connection is refused', async () => {
    const logger = memoryLogger();
    const port = await freePort();
    // A long network timeout, to show that a refusal does not wait for it.
    const dir = await source({ ldap_uri: `ldap://127.0.0.1:${port}`, ldap_network_timeout: 5 }, logger);
    expect(logger.text()).toContain('ECONNREFUSED');
    const outcome = await timed(dir.search('a', call()));
    expect(outcome.error?.message).toContain('ECONNREFUSED');
    expect(outcome.ms).toBeLessThan(1000);
  });

  it('costs at most the network timeout when the server accepts and never answers, and keeps no socket', async () => {
    const hole = await blackHole();
    try {
      const loading = await timed(source({ ldap_uri: `ldap://127.0.0.1:${hole.port}`, ldap_network_timeout: 0.2 }));
      expect(loading.ms).toBeLessThan(200 + MARGIN_MS);
      const dir = loading.value!;
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => timed(dir.search('a', call()))));
      for (const o of outcomes) {
        expect(o.error?.message).toContain('no answer to the bind in time (ldap_network_timeout: 200 ms)');
        expect(o.ms).toBeLessThan(200 + MARGIN_MS);
      }
      // Concurrent calls share one connection attempt, and each failed attempt closes its socket.
      expect(hole.connections()).toBe(2);
      expect(await connectionsTo(hole.port)).toBe(0);
    } finally {
      await hole.close();
    }
  });

  it('gives up on an ldaps:// server that never finishes the TLS handshake at the network timeout', async () => {
    const hole = await blackHole();
    try {
      const logger = memoryLogger();
      const dir = await source({ ldap_uri: `ldaps://127.0.0.1:${hole.port}`, ldap_network_timeout: 0.2 }, logger);
      const outcome = await timed(dir.search('a', call()));
      expect(outcome.error?.message).toContain('no connection in time (ldap_network_timeout: 200 ms)');
      expect(outcome.ms).toBeLessThan(200 + MARGIN_MS);
      expect(await connectionsTo(hole.port)).toBe(0);
    } finally {
      await hole.close();
    }
  });
});

describe('a server that hangs or restarts', () => {
  it('stops a search at ldap_timeout or at the caller abort, drops the silent connection, recovers', async () => {
    const logger = memoryLogger();
    const dir = await source({ ldap_uri: slapd.uri, ldap_timeout: 0.5, ldap_network_timeout: 0.2 }, logger);
    expect(await dir.search('ç', call())).toHaveLength(1);
    await slapd.freeze();
    try {
      const timedOut = await timed(dir.search('ç', call()));
      expect(timedOut.error?.message).toContain('no complete answer within 500 ms');
      expect(timedOut.ms).toBeLessThan(500 + MARGIN_MS);
      expect(logger.text()).toContain('closed (the server sent nothing for');
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 50);
      const aborted = await timed(dir.search('ç', sourceCallArgs({ signal: abort.signal })));
      expect(aborted.error?.message).toContain('stopped by the caller');
      expect(aborted.ms).toBeLessThan(50 + MARGIN_MS);
    } finally {
      slapd.thaw();
    }
    expect(await dir.search('ç', call())).toHaveLength(1);
    expect(await connectionsTo(slapd.port)).toBeLessThanOrEqual(sources.length);
  });

  it('reconnects by itself after slapd restarts, on the first call', async () => {
    const logger = memoryLogger();
    const dir = await source({ ldap_uri: slapd.uri }, logger);
    expect(await dir.search('ç', call())).toHaveLength(1);
    await slapd.restart();
    expect(await dir.search('ç', call())).toHaveLength(1);
    expect(await dir.firstMatch('x', call())).toBeNull();
    await slapd.halt();
    await expect(dir.search('ç', call())).rejects.toThrow('ECONNREFUSED');
    await slapd.start();
    expect(await dir.search('ç', call())).toHaveLength(1);
    expect(logger.entries.filter((e) => e.msg.startsWith('connected to'))).toHaveLength(3);
  });
});

describe('ldaps://', () => {
  it('checks the certificate against ldap_tls_ca_file', async () => {
    const dir = await source({ ldap_uri: slapd.ldapsUri!, ldap_tls_ca_file: slapd.caFile });
    expect(await dir.search('ç', call())).toHaveLength(1);
  });

  it('refuses an unknown certificate unless ldap_tls_verify is false', async () => {
    const logger = memoryLogger();
    const strict = await source({ ldap_uri: slapd.ldapsUri! }, logger);
    expect(logger.text()).toContain('self-signed certificate');
    await expect(strict.search('ç', call())).rejects.toThrow('self-signed certificate');
    const lax = await source({ ldap_uri: slapd.ldapsUri!, ldap_tls_verify: false });
    expect(await lax.search('ç', call())).toHaveLength(1);
  });
});

describe('configuration mistakes', () => {
  it('has xivo-dird defaults, and a schema that names the bad key', () => {
    const checked = checkBlock<LdapConfig>(LdapConfigSchema, {
      name: 'd',
      type: 'ldap',
      ldap_uri: 'ldap://dc1.example.com',
      ldap_base_dn: 'dc=example,dc=com',
    });
    expect(checked.problems).toEqual([]);
    expect(checked.value).toMatchObject({
      ldap_username: '',
      ldap_password: '',
      ldap_network_timeout: 0.3,
      ldap_timeout: 1,
      unique_column_format: 'string',
      ldap_size_limit: 0,
      ldap_page_size: 0,
      ldap_tls_verify: true,
    });
    const bad = checkBlock(LdapConfigSchema, {
      ...checked.value,
      ldap_uri: 'http://dc1',
      unique_column_format: 'guid',
    });
    expect(bad.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['/ldap_uri', '/unique_column_format']));
  });

  it('refuses a custom filter that does not parse, naming the key and the place', async () => {
    await expect(source({ ldap_uri: slapd.uri, ldap_custom_filter: '(&(l=Québec)(cn=a)' })).rejects.toThrow(
      /sources\.directory\.ldap_custom_filter: expected "\)" at character 19/,
    );
  });

  it('refuses a source with neither searched_columns nor ldap_custom_filter', async () => {
    await expect(source({ ldap_uri: slapd.uri, searched_columns: [] })).rejects.toThrow(
      'sources.directory.searched_columns: set searched_columns or ldap_custom_filter',
    );
  });

  it('refuses a base DN that is not a DN', async () => {
    await expect(source({ ldap_uri: slapd.uri, ldap_base_dn: 'example.com' })).rejects.toThrow(
      'sources.directory.ldap_base_dn: not a DN',
    );
  });

  it('refuses an unreadable CA file', async () => {
    await expect(source({ ldap_uri: slapd.ldapsUri!, ldap_tls_ca_file: '/nonexistent/ca.pem' })).rejects.toThrow(
      'sources.directory.ldap_tls_ca_file: cannot read /nonexistent/ca.pem',
    );
  });
});
