import { readFile, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { selfSignedCertificate } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Large answers are written into buffers used again once their response has closed (docs/benchmarks.md,
// finding 30): a buffer used again too early would send one request's answer inside another's. These drive
// many large answers at once, read fast, slowly, or given up mid-answer, over HTTP and HTTPS, and compare every
// byte. (On loopback the kernel takes even a 2 MB answer at once, its send buffers growing to 4 MiB, so these
// would pass with buffers given back early too: the rule itself, no reuse before `close`, is pinned by
// packages/core/src/json-answer.test.ts.)

const FIRST = ['Anna', 'Bruno', 'Chloé', 'Dario', 'Emma', 'Farid', 'Gaëlle', 'Hugo', 'Inès', 'Jules'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];
/** 20,000 contacts: each term below finds thousands, answers of 0.3 to 2 MB (more than a socket takes at once). */
const CSV = [
  'clientno,firstname,lastname,number',
  ...Array.from(
    { length: 20_000 },
    (_, i) => `${i},${FIRST[i % 10]},${LAST[Math.floor(i / 10) % 10]}${i},0${600000000 + i}`,
  ),
  '',
].join('\n');
const TERMS = ['a', 'e', 'r', 'an', 'ar', 'er', 'ma', 'ro', 'du', 'mo'];
const CONFIG = lookupConfig({
  sources: {
    contacts: {
      type: 'csv',
      file: 'contacts.csv',
      unique_column: 'clientno',
      searched_columns: ['firstname', 'lastname'],
    },
  },
  extra: {
    services: { lookup: { default: { sources: ['contacts'], timeout: 5, max_results: 20_000 } } },
  },
});

const lookup = (term: string) => `/0.1/directories/lookup/default?term=${encodeURIComponent(term)}`;

/** How a client reads an answer: at once, slowly (pausing after its first bytes), or not (gone mid-answer). */
type Reader = 'fast' | 'slow' | 'gone';

/** GET `url`: its body ('' for a client that goes away after the answer's first bytes). */
function get(url: string, agent: http.Agent, ca?: Buffer, reader: Reader = 'fast'): Promise<string> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { agent, ca, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (reader === 'gone') {
          req.destroy();
          return resolve('');
        }
        if (reader === 'slow' && chunks.length === 0) {
          // The server's writes stay pending meanwhile: its buffers must not be written into again.
          res.pause();
          setTimeout(() => res.resume(), 100);
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', () => resolve(''));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 30 s`)));
    req.on('error', (err) => (reader === 'gone' ? resolve('') : reject(err)));
  });
}

/**
 * GET `path` on a connection of its own that reads nothing for 200 ms after sending the request (Node's client
 * keeps reading while paused): the daemon's writes stay pending meanwhile. The body, read whole afterwards.
 */
function stalledGet(url: string, path: string, ca?: Buffer): Promise<string> {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve, reject) => {
    const options = { host: hostname, port: Number(port) };
    const socket = protocol === 'https:' ? tls.connect({ ...options, ca }) : net.connect(options);
    const chunks: Buffer[] = [];
    socket.once(protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
      socket.pause();
      setTimeout(() => socket.resume(), 200);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const whole = Buffer.concat(chunks);
      resolve(whole.subarray(whole.indexOf('\r\n\r\n') + 4).toString('utf8'));
    });
    socket.on('error', reject);
    socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer from ${url} in 30 s`)));
  });
}

/** Every term alone, then 200 requests at once on 40 connections: a third read slowly, a sixth go away. */
async function drive(daemon: TestDaemon, ca?: Buffer): Promise<void> {
  const agent = new (daemon.url.startsWith('https:') ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 40 });
  try {
    const alone = new Map<string, string>();
    for (const term of TERMS) alone.set(term, await get(daemon.url + lookup(term), agent, ca));
    for (const [term, body] of alone) {
      expect(Buffer.byteLength(body), term).toBeGreaterThan(256 * 1024);
      expect(JSON.parse(body).term).toBe(term);
    }
    for (let round = 0; round < 2; round++) {
      const readers: Reader[] = ['fast', 'slow', 'fast', 'gone', 'slow', 'fast'];
      const asked = Array.from({ length: 200 }, (_, i) => ({
        term: TERMS[(i * 7 + round) % TERMS.length],
        reader: readers[i % readers.length],
      }));
      const stalled = TERMS.map((term) => ({ term, body: stalledGet(daemon.url, lookup(term), ca) }));
      const bodies = await Promise.all(
        asked.map(({ term, reader }) => get(daemon.url + lookup(term), agent, ca, reader)),
      );
      asked.forEach(({ term, reader }, i) => {
        if (reader !== 'gone')
          expect(bodies[i] === alone.get(term), `answer ${i} (${term}, ${reader}) of round ${round}`).toBe(true);
      });
      for (const { term, body } of stalled) expect((await body) === alone.get(term), `stalled ${term}`).toBe(true);
    }
  } finally {
    agent.destroy();
  }
}

describe('large answers, many at once', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dird-large-'));
    await selfSignedCertificate(dir);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every request its own bytes over HTTP, while other clients go away mid-answer', async () => {
    const daemon = await startTestDaemon({ files: { 'contacts.csv': CSV }, config: CONFIG });
    try {
      await drive(daemon);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('answers every request its own bytes over HTTPS, while other clients go away mid-answer', async () => {
    const daemon = await startTestDaemon({
      dir,
      files: { 'contacts.csv': CSV },
      config: { ...CONFIG, rest_api: { certificate: 'cert.pem', private_key: 'key.pem' } },
    });
    try {
      await drive(daemon, await readFile(path.join(dir, 'cert.pem')));
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });
});
