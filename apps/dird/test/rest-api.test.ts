import { readFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { lookupConfig, runDaemon, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { selfSignedCertificate } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_CSV } from './helpers.js';

const CONFIG = lookupConfig({
  sources: {
    contacts: { type: 'csv', file: 'contacts.csv', unique_column: 'clientno', searched_columns: ['firstname'] },
  },
});
const FILES = { 'contacts.csv': CONTACTS_CSV };
const LOOKUP = '/0.1/directories/lookup/default?term=ali';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with Node's own client (fetch cannot be given a CA to trust). */
function request(url: string, options: https.RequestOptions = {}): Promise<Answer> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { timeout: 10_000, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS: rest_api.certificate and rest_api.private_key', () => {
  let dir: string;
  let ca: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dird-https-'));
    await selfSignedCertificate(path.join(dir));
    ca = await readFile(path.join(dir, 'cert.pem'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const serves = async (daemon: TestDaemon) => {
    expect(daemon.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await request(daemon.url + LOOKUP, { ca });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body).results.map((r: { column_values: unknown[] }) => r.column_values[0])).toEqual([
      'Alice',
      'Alicia',
    ]);
    // A client that does not trust the certificate is refused by TLS, and plain HTTP gets no answer.
    await expect(request(daemon.url + LOOKUP)).rejects.toThrow(/self-signed|self signed/);
    await expect(request(daemon.url.replace('https:', 'http:') + LOOKUP)).rejects.toThrow();
  };

  it('serves the API over HTTPS only, the files named relative to the config file (xivo-dird layout)', async () => {
    const daemon = await startTestDaemon({
      dir,
      files: FILES,
      config: { ...CONFIG, rest_api: { certificate: 'cert.pem', private_key: 'key.pem' } },
    });
    try {
      await serves(daemon);
      expect(daemon.logs.some((l) => l.msg === `HTTPS with ${path.join(dir, 'cert.pem')}`)).toBe(true);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('reads the same keys under rest_api.https (the later wazo-dird layout), which win', async () => {
    const daemon = await startTestDaemon({
      dir,
      files: FILES,
      config: {
        ...CONFIG,
        rest_api: {
          certificate: 'missing.pem',
          https: { certificate: path.join(dir, 'cert.pem'), private_key: 'key.pem', port: 0 },
        },
      },
    });
    try {
      await serves(daemon);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('stops at start, naming the file and the key, when a certificate cannot be read or half of the pair is missing', async () => {
    const missing = await runDaemon({
      files: FILES,
      config: { ...CONFIG, rest_api: { certificate: '/nonexistent/server.crt', private_key: 'key.pem' } },
    });
    expect(missing.code, missing.output).toBe(2);
    expect(missing.output).toMatch(
      /config\.yml: rest_api\.certificate: cannot read \/nonexistent\/server\.crt: ENOENT: no such file or directory/,
    );
    expect(missing.output).not.toMatch(/dird listening/);

    const half = await runDaemon({ files: FILES, config: { ...CONFIG, rest_api: { certificate: 'cert.pem' } } });
    expect(half.code, half.output).toBe(2);
    expect(half.output).toMatch(
      /config\.yml: rest_api\.certificate: HTTPS needs both a certificate and a private key: rest_api\.private_key is not set/,
    );
  });

  it("stops at start, naming the key, when the key is not the certificate's, the certificate is not PEM, or the ciphers are unusable", async () => {
    const other = path.join(dir, 'other');
    await mkdir(other, { recursive: true });
    await selfSignedCertificate(other);
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const [mismatch, notPem, ciphers, keyNotPem] = await Promise.all([
      runDaemon({
        files: FILES,
        config: { ...CONFIG, rest_api: { certificate: cert, private_key: path.join(other, 'key.pem') } },
      }),
      runDaemon({
        files: { ...FILES, 'server.crt': 'this is not a certificate\n' },
        config: { ...CONFIG, rest_api: { certificate: 'server.crt', private_key: key } },
      }),
      runDaemon({
        files: FILES,
        config: { ...CONFIG, rest_api: { https: { certificate: cert, private_key: key, ciphers: 'NOT-A-CIPHER' } } },
      }),
      runDaemon({ files: FILES, config: { ...CONFIG, rest_api: { certificate: cert, private_key: cert } } }),
    ]);
    for (const run of [mismatch, notPem, ciphers, keyNotPem]) {
      expect(run.code, run.output).toBe(2);
      expect(run.output).not.toMatch(/dird listening|\n\s+at /);
    }
    expect(mismatch.output).toMatch(
      /config\.yml: rest_api\.private_key: \S+\/other\/key\.pem is not the private key of the certificate \S+\/cert\.pem \(.*key values mismatch\)/,
    );
    expect(notPem.output).toMatch(/config\.yml: rest_api\.certificate: \S+\/server\.crt is not a PEM certificate \(/);
    expect(ciphers.output).toMatch(
      /config\.yml: rest_api\.https\.ciphers: "NOT-A-CIPHER" is not a usable OpenSSL cipher list \(.*no cipher match\)/,
    );
    expect(keyNotPem.output).toMatch(
      /config\.yml: rest_api\.private_key: \S+\/cert\.pem is not a usable PEM private key/,
    );
  });
});

describe('rest_api.listen and rest_api.port', () => {
  it('stops at start, naming the key and the address, when the port is in use or the address is not of this host', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const [inUse, notHere] = await Promise.all([
        runDaemon({ files: FILES, config: { ...CONFIG, rest_api: { port } } }),
        // Open on purpose (auth.enabled: false): without it, a non-loopback address is refused before listening.
        runDaemon({ files: FILES, config: { ...CONFIG, auth: { enabled: false }, rest_api: { listen: '192.0.2.1' } } }),
      ]);
      expect(inUse.code, inUse.output).toBe(2);
      expect(inUse.output).toMatch(
        new RegExp(
          `config\\.yml: rest_api\\.port: cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use`,
        ),
      );
      expect(notHere.code, notHere.output).toBe(2);
      expect(notHere.output).toMatch(
        /config\.yml: rest_api\.listen: cannot listen on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this host \(EADDRNOTAVAIL\)/,
      );
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});

describe('CORS (rest_api.cors), on by default as in xivo-dird', () => {
  let daemon: TestDaemon;
  let closed: TestDaemon;

  beforeAll(async () => {
    [daemon, closed] = await Promise.all([
      startTestDaemon({ files: FILES, config: CONFIG }),
      startTestDaemon({ files: FILES, config: { ...CONFIG, rest_api: { cors: { enabled: false } } } }),
    ]);
  });

  afterAll(async () => {
    expect(await daemon.stop()).toBe(0);
    expect(await closed.stop()).toBe(0);
  });

  const ORIGIN = 'https://softphone.example';
  const preflight = {
    method: 'OPTIONS',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'x-auth-token',
    },
  };

  it('allows the calling origin on answers to a browser, and leaves other clients alone', async () => {
    const browser = await request(daemon.url + LOOKUP, { headers: { origin: ORIGIN } });
    expect(browser.status).toBe(200);
    expect(browser.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(browser.headers.vary).toBe('Origin');
    const phone = await request(daemon.url + LOOKUP);
    expect(phone.status).toBe(200);
    expect(phone.headers['access-control-allow-origin']).toBeUndefined();
    // Errors carry it too, so the page can read why.
    const bad = await request(daemon.url + '/0.1/directories/lookup/default', { headers: { origin: ORIGIN } });
    expect(bad.status).toBe(400);
    expect(bad.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('answers a preflight with the methods and the configured headers (default Content-Type, X-Auth-Token)', async () => {
    const answer = await request(daemon.url + LOOKUP, preflight);
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(answer.headers['access-control-allow-methods']).toContain('GET');
    expect(answer.headers['access-control-allow-headers']).toBe('Content-Type, X-Auth-Token');
    // Whatever the URL (the browser asks before the real request), and only for a real preflight.
    const elsewhere = await request(daemon.url + '/0.1/no/such/route', preflight);
    expect(elsewhere.status).toBe(204);
    const plain = await request(daemon.url + LOOKUP, { method: 'OPTIONS', headers: { origin: ORIGIN } });
    expect(plain.status).toBe(404);
    expect(plain.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(plain.headers['access-control-allow-methods']).toBeUndefined();
    const noOrigin = await request(daemon.url + LOOKUP, {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'GET' },
    });
    expect(noOrigin.status).toBe(404);
    expect(noOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('is off with rest_api.cors.enabled: false', async () => {
    const answer = await request(closed.url + LOOKUP, { headers: { origin: ORIGIN } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await request(closed.url + LOOKUP, preflight);
    expect(pre.status).toBe(404);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });
});
