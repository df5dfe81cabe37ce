import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { column } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type LogLine, type TestDaemon } from '@dird/dird/testkit';
import { selfSignedCertificate } from '@dird/test-servers';
import { describe, expect, it } from 'vitest';
import { CONTACTS_CSV, TEST_PLUGINS } from './helpers.js';

// Live reload on SIGHUP, on the real daemon process: a good config is swapped in while clients keep asking (no
// request fails, answers switch to the new config); a bad one is refused, naming file and key, and the running
// config keeps serving.

const OTHER_CSV = ['clientno,firstname,lastname,number', '1,Albert,Zed,7777', ''].join('\n');
const KEPT_CSV = ['id,firstname,lastname,number', '1,Alba,Kept,8888', ''].join('\n');

const msg = (l: LogLine) => String(l.msg ?? '');

/** The config before a reload: sources `c` (contacts.csv) and `k`, profile `default`, display `display`. */
function before(): Record<string, unknown> {
  return lookupConfig({
    sources: {
      c: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'], unique_column: 'clientno' },
      k: { type: 'csv', file: 'kept.csv', searched_columns: ['firstname'], unique_column: 'id' },
    },
    columns: [column('Firstname', 'firstname'), column('Number', 'number', 'number')],
  });
}

/** The config after: `c` reads another file, a display column changed, a profile `second` added; `k` unchanged. */
function after(): Record<string, unknown> {
  const config = lookupConfig({
    sources: {
      c: { type: 'csv', file: 'other.csv', searched_columns: ['firstname'], unique_column: 'clientno' },
      k: { type: 'csv', file: 'kept.csv', searched_columns: ['firstname'], unique_column: 'id' },
    },
    columns: [column('Prénom', 'firstname'), column('Nom', 'lastname'), column('Number', 'number', 'number')],
  });
  const views = config.views as { profile_to_display: Record<string, string> };
  views.profile_to_display.second = 'display';
  const services = config.services as { lookup: Record<string, unknown> };
  services.lookup.second = { sources: ['k'], timeout: 1 };
  return config;
}

/** Rewrites the daemon's config.yml (JSON is YAML), on port 0 as the test kit starts it. */
async function rewrite(daemon: TestDaemon, config: Record<string, unknown> | string): Promise<void> {
  const text =
    typeof config === 'string' ? config : JSON.stringify({ ...config, rest_api: { listen: '127.0.0.1', port: 0 } });
  await writeFile(path.join(daemon.dir, 'config.yml'), text);
}

/** Waits for the `n`-th log line matching (counting from the start of the log), and returns it. */
async function nth(daemon: TestDaemon, n: number, match: (l: LogLine) => boolean, timeoutMs = 20_000) {
  await daemon.waitForLog(() => daemon.logs.filter(match).length >= n, timeoutMs);
  return daemon.logs.filter(match)[n - 1];
}

const count = (daemon: TestDaemon, match: (l: LogLine) => boolean) => daemon.logs.filter(match).length;

interface Answer {
  readonly status: number;
  readonly headers?: string[];
  readonly names?: string[];
  readonly error?: string;
}

/**
 * `clients` loops of lookups on `path` (keep-alive connections, as phones and the PBX use), each request
 * recorded, until `stop()`.
 */
function steadyStream(daemon: TestDaemon, pathAndQuery: string, clients = 6) {
  const answers: Answer[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      try {
        const res = await fetch(daemon.url + pathAndQuery, { signal: AbortSignal.timeout(10_000) });
        const body = (await res.json()) as { column_headers?: string[]; results?: { column_values: unknown[] }[] };
        answers.push({
          status: res.status,
          headers: body.column_headers,
          names: body.results?.map((r) => String(r.column_values[0])),
        });
      } catch (err) {
        answers.push({ status: 0, error: String(err) });
      }
    }
  };
  const loops = Array.from({ length: clients }, loop);
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

const FILES = { 'contacts.csv': CONTACTS_CSV, 'other.csv': OTHER_CSV, 'kept.csv': KEPT_CSV };
const isReloadDone = (l: LogLine) => msg(l).startsWith('reload done in ');
const isRefused = (l: LogLine) => msg(l).startsWith('reload refused: ');

describe('live reload on SIGHUP', () => {
  it('swaps a changed config in under a steady stream of lookups: no request fails, answers switch', async () => {
    const daemon = await startTestDaemon({ files: FILES, config: before() });
    try {
      expect((await daemon.get('/0.1/directories/lookup/second?term=al')).status).toBe(404);
      const stream = steadyStream(daemon, '/0.1/directories/lookup/default?term=al');
      await new Promise((r) => setTimeout(r, 300));
      await rewrite(daemon, after());
      process.kill(daemon.pid, 'SIGHUP');
      const done = await nth(daemon, 1, isReloadDone);
      // Requests keep coming for a while on the new config.
      const atSwap = stream.answers.length;
      await new Promise((r) => setTimeout(r, 400));
      const answers = await stream.stop();

      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      const oldHeaders = ['Firstname', 'Number'];
      const newHeaders = ['Prénom', 'Nom', 'Number'];
      // Each answer is wholly the old config's or wholly the new one's.
      for (const a of answers) {
        if (a.headers?.[0] === 'Firstname') {
          expect(a.headers).toEqual(oldHeaders);
          expect(a.names?.sort()).toEqual(['Alba', 'Alice', 'Alicia']);
        } else {
          expect(a.headers).toEqual(newHeaders);
          expect(a.names?.sort()).toEqual(['Alba', 'Albert']);
        }
      }
      expect(answers.slice(0, 10).every((a) => a.headers?.[0] === 'Firstname')).toBe(true);
      expect(answers.slice(atSwap + 12).length).toBeGreaterThan(0);
      expect(answers.slice(atSwap + 12).every((a) => a.headers?.[0] === 'Prénom')).toBe(true);

      // The new profile serves; the log says what was reloaded and what was kept.
      const second = await daemon.get('/0.1/directories/lookup/second?term=al');
      expect(second.status).toBe(200);
      expect(second.body.results.map((r: { column_values: unknown[] }) => r.column_values[0])).toEqual(['Alba']);
      // `k`'s block is unchanged, but its profile's display gained a column: its entries, prepared per display
      // at load, are prepared again (a source whose displays did not change is kept: the next test).
      expect(msg(done)).toMatch(/^reload done in \d+ ms: sources: c, k reloaded; services changed; views changed/);
      expect(daemon.logs.map(msg)).toContain(`SIGHUP: reloading config from ${path.join(daemon.dir, 'config.yml')}`);
      await daemon.waitForLog((l) => /^previous config closed/.test(msg(l)));
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('keeps a CSV source whose block and lookup displays are unchanged (new titles only), answering with the new titles', async () => {
    const daemon = await startTestDaemon({ files: FILES, config: before() });
    try {
      const config = before();
      const displays = (config.views as { displays: Record<string, { title: string }[]> }).displays;
      for (const column of Object.values(displays)[0]) column.title = `${column.title} (new)`;
      await rewrite(daemon, config);
      process.kill(daemon.pid, 'SIGHUP');
      const done = await nth(daemon, 1, isReloadDone);
      expect(msg(done)).toMatch(/^reload done in \d+ ms: sources: c, k kept \(unchanged\); views changed/);
      const answer = await daemon.get('/0.1/directories/lookup/default?term=al');
      expect(answer.body.column_headers).toEqual(['Firstname (new)', 'Number (new)']);
      expect(answer.body.results.map((r: { column_values: unknown[] }) => r.column_values[0]).sort()).toEqual([
        'Alba',
        'Alice',
        'Alicia',
      ]);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('status, config and metrics answer for the config serving; the metrics keep counting across a reload', async () => {
    const daemon = await startTestDaemon({ files: FILES, config: before() });
    const lookups = async () => {
      const text = (await (await fetch(`${daemon.url}/metrics`)).text()).split('\n');
      const line = text.find(
        (l) => l.startsWith('dird_http_requests_total{') && l.includes('route="/0.1/directories/lookup/:profile"'),
      );
      return Number(line?.split(' ').pop() ?? 0);
    };
    try {
      for (let i = 0; i < 3; i++) await daemon.get('/0.1/directories/lookup/default?term=al');
      expect(await lookups()).toBe(3);
      expect(Object.keys((await daemon.get('/0.1/status')).body.sources).sort()).toEqual(['c', 'k']);
      const config = after() as { sources: Record<string, unknown> };
      config.sources.n = { type: 'csv', file: 'other.csv', searched_columns: ['firstname'] };
      await rewrite(daemon, config);
      process.kill(daemon.pid, 'SIGHUP');
      await daemon.waitForLog(isReloadDone);
      const status = await daemon.get('/0.1/status');
      expect(status.status).toBe(200);
      expect(Object.keys(status.body.sources).sort()).toEqual(['c', 'k', 'n']);
      expect(status.body.sources.n.state).toBe('loaded');
      expect((await daemon.get('/0.1/config')).body.sources.n.file).toBe('other.csv');
      await daemon.get('/0.1/directories/lookup/default?term=al');
      expect(await lookups()).toBe(4);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('answers a request in flight at the swap with the old config, then unloads only the sources it replaced', async () => {
    const config = (title: string, delay: number) =>
      lookupConfig({
        backends: ['slow'],
        sources: {
          slow: { type: 'slow', delay, results: [{ firstname: 'Late' }] },
          other: { type: 'slow', delay: 0, results: [{ firstname: 'Same' }] },
        },
        columns: [{ title, field: 'firstname', type: null }],
        profileSources: ['slow'],
        timeout: 5,
        extra: { plugin_paths: [TEST_PLUGINS] },
      });
    const daemon = await startTestDaemon({ config: config('Old', 1) });
    try {
      let linesWhenAnswered = -1;
      const inFlight = daemon.get('/0.1/directories/lookup/default?term=x').finally(() => {
        linesWhenAnswered = daemon.logs.length;
      });
      await new Promise((r) => setTimeout(r, 200));
      // `slow` changed (reloaded) while a request waits on it, `other` unchanged (kept), the display title changed.
      await rewrite(daemon, config('New', 0.2));
      process.kill(daemon.pid, 'SIGHUP');
      await daemon.waitForLog(isReloadDone);
      const fresh = await daemon.get('/0.1/directories/lookup/default?term=x');
      expect(fresh.status).toBe(200);
      expect(fresh.body.column_headers).toEqual(['New']);
      const old = await inFlight;
      expect(old.status).toBe(200);
      expect(old.body.column_headers).toEqual(['Old']);
      expect(old.body.results[0].column_values).toEqual(['Late']);
      await daemon.waitForLog((l) => /^previous config closed \(it finished 1 requests/.test(msg(l)));
      const messages = daemon.logs.map(msg);
      // The replaced source goes once the in-flight answer is out; the kept one stays loaded.
      expect(messages.indexOf('slow source slow unloaded')).toBeGreaterThanOrEqual(linesWhenAnswered);
      expect(messages).not.toContain('slow source other unloaded');
    } finally {
      expect(await daemon.stop()).toBe(0);
      expect(daemon.logs.map(msg)).toContain('slow source other unloaded');
    }
  });

  it('refuses a bad config (YAML error, wrong type, unknown backend only), naming file and key, and keeps serving', async () => {
    const daemon = await startTestDaemon({ files: FILES, config: before() });
    const configFile = path.join(daemon.dir, 'config.yml');
    try {
      const stream = steadyStream(daemon, '/0.1/directories/lookup/default?term=al');
      const wrongType = before() as { services: { lookup: { default: Record<string, unknown> } } };
      wrongType.services.lookup.default.timeout = 'soon';
      const unknownBackend = {
        ...before(),
        enabled_plugins: { ...(before().enabled_plugins as object), backends: ['nosuch'] },
      };
      const cases: [Record<string, unknown> | string, RegExp][] = [
        ['enabled_plugins: [csv\nsources: {', new RegExp(`^reload refused: ${escape(configFile)}.*(line|YAML)`, 'i')],
        [wrongType, new RegExp(`^reload refused: ${escape(configFile)}: services\\.lookup\\.default\\.timeout: `)],
        [unknownBackend, /^reload refused: none of the enabled backends could be loaded \(nosuch\)/],
      ];
      for (const [i, [config, refusal]] of cases.entries()) {
        await rewrite(daemon, config);
        process.kill(daemon.pid, 'SIGHUP');
        const line = await nth(daemon, i + 1, isRefused);
        expect(msg(line)).toMatch(refusal);
        expect(msg(line)).toMatch(/; still running the previous config$/);
        expect(line.level).toBe('error');
      }
      // The unknown backend's own line names the file and the key that enabled it.
      expect(daemon.logs.map(msg)).toContainEqual(
        expect.stringMatching(new RegExp(`^${escape(configFile)}: enabled_plugins\\.backends: .*nosuch`)),
      );
      const answers = await stream.stop();
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      expect(answers.every((a) => a.headers?.[0] === 'Firstname')).toBe(true);
      expect(count(daemon, isReloadDone)).toBe(0);
      // Nothing of the running config was unloaded: it still answers from contacts.csv.
      const res = await daemon.get('/0.1/directories/lookup/default?term=pé');
      expect(res.body.results.map((r: { column_values: unknown[] }) => r.column_values[0])).toEqual(['Pépé']);
      // A good config after the bad ones is taken.
      await rewrite(daemon, after());
      process.kill(daemon.pid, 'SIGHUP');
      await daemon.waitForLog(isReloadDone);
      expect((await daemon.get('/0.1/directories/lookup/second?term=al')).status).toBe(200);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('runs one reload at a time: SIGHUPs during a reload make one more reload after it', async () => {
    const daemon = await startTestDaemon({ files: FILES, config: before() });
    try {
      const stream = steadyStream(daemon, '/0.1/directories/lookup/default?term=al', 3);
      await rewrite(daemon, after());
      for (let i = 0; i < 4; i++) {
        process.kill(daemon.pid, 'SIGHUP');
        await new Promise((r) => setTimeout(r, 5));
      }
      await nth(daemon, 1, isReloadDone);
      // Each reload that starts ends before the next one starts.
      await new Promise((r) => setTimeout(r, 1500));
      const answers = await stream.stop();
      const sequence = daemon.logs
        .map(msg)
        .filter((m) => /^SIGHUP: reloading config/.test(m) || isReloadDoneMsg(m) || /^previous config closed/.test(m));
      const starts = sequence.filter((m) => m.startsWith('SIGHUP: reloading'));
      const dones = sequence.filter(isReloadDoneMsg);
      expect(starts.length).toBe(dones.length);
      // 4 signals: the first reloads; those during it (coalesced) reload once more, if they came in time.
      expect(dones.length).toBeGreaterThanOrEqual(1);
      expect(dones.length).toBeLessThanOrEqual(2);
      // Started, done, previous closed; then (maybe) the next one: never two at once.
      const phases = [/^SIGHUP: reloading/, /^reload done in /, /^previous config closed/];
      expect(sequence).toEqual(sequence.map((_, i) => expect.stringMatching(phases[i % 3])));
      if (dones.length === 2) {
        expect(daemon.logs.map(msg)).toContain('SIGHUP during a reload: one more reload will follow it');
        // The second reload keeps every source: nothing changed since the first.
        expect(dones[1]).toMatch(/: sources: c, k kept \(unchanged\)/);
      }
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      expect((await daemon.get('/0.1/directories/lookup/second?term=al')).status).toBe(200);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('stops cleanly on SIGTERM right after a SIGHUP, answering the requests in flight', async () => {
    const daemon = await startTestDaemon({ files: FILES, config: before() });
    const stream = steadyStream(daemon, '/0.1/directories/lookup/default?term=al', 3);
    await new Promise((r) => setTimeout(r, 200));
    await rewrite(daemon, after());
    process.kill(daemon.pid, 'SIGHUP');
    await new Promise((r) => setTimeout(r, 20));
    const code = await daemon.stop('SIGTERM');
    const answers = await stream.stop();
    expect(code).toBe(0);
    const messages = daemon.logs.map(msg);
    expect(messages).toContain('dird stopped');
    // The SIGTERM came while the reload was building the new config: it ended, unused, before the stop.
    expect(messages).toContain('waiting for the reload under way to end');
    expect(messages.indexOf('stopping: the reloaded config is not put in service')).toBeLessThan(
      messages.indexOf('dird stopped'),
    );
    expect(messages.some(isReloadDoneMsg)).toBe(false);
    // Requests made before the stop were answered; after it, the connection is refused (the daemon is gone).
    const answered = answers.filter((a) => a.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 0)).toEqual([]);
    const firstFailure = answers.findIndex((a) => a.status !== 200);
    if (firstFailure >= 0) expect(answers.slice(firstFailure).every((a) => a.status === 0)).toBe(true);
  });
});

describe('the token verifier on reload', () => {
  it('turns token checks on with the new auth section, and refuses a verifier block that would stop a start', async () => {
    const secret = 'a-reload-secret';
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    const withTokens = (hash: string) => ({
      ...before(),
      auth: { tokens: [{ token_sha256: hash, user_uuid: 'c3b6a6e2-0000-4000-8000-000000000002', acls: ['dird.#'] }] },
    });
    const daemon = await startTestDaemon({ files: FILES, config: before() });
    try {
      const lookup = (headers?: Record<string, string>) =>
        daemon.get('/0.1/directories/lookup/default?term=al', headers).then((r) => r.status);
      expect(await lookup()).toBe(200);
      await rewrite(daemon, withTokens(sha(secret)));
      process.kill(daemon.pid, 'SIGHUP');
      await nth(daemon, 1, isReloadDone);
      expect(await lookup()).toBe(401);
      expect(await lookup({ 'X-Auth-Token': secret })).toBe(200);
      // A token entry a start would refuse: the reload is refused, the running verifier keeps its tokens.
      await rewrite(daemon, withTokens('not-a-hash'));
      process.kill(daemon.pid, 'SIGHUP');
      const refused = await nth(daemon, 1, isRefused);
      expect(msg(refused)).toMatch(/^reload refused: \S+config\.yml: auth\.tokens\.0\.token_sha256: /);
      expect(await lookup({ 'X-Auth-Token': secret })).toBe(200);
      expect(await lookup()).toBe(401);
      // The secret never reaches the log.
      expect(daemon.logs.some((l) => JSON.stringify(l).includes(secret))).toBe(false);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });
});

describe('deadlines: shutdown_timeout', () => {
  const hanging = (title: string) =>
    lookupConfig({
      backends: ['slow'],
      sources: { never: { type: 'slow', delay: -1, results: [] } },
      columns: [{ title, field: 'firstname', type: null }],
      timeout: 60,
      extra: { plugin_paths: [TEST_PLUGINS], shutdown_timeout: 1 },
    });

  it('unloads the previous config after shutdown_timeout even when one of its requests never ends', async () => {
    const daemon = await startTestDaemon({ config: hanging('Old') });
    try {
      // Never answered: its connection is cut when the daemon stops.
      void daemon.get('/0.1/directories/lookup/default?term=x').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      await rewrite(daemon, hanging('New'));
      process.kill(daemon.pid, 'SIGHUP');
      await daemon.waitForLog(isReloadDone);
      await daemon.waitForLog((l) => /^previous config closed/.test(msg(l)), 10_000);
      expect(daemon.logs.map(msg)).toContainEqual(
        expect.stringMatching(/answering the requests of the previous config.*; unloading it anyway/),
      );
      // The new config serves meanwhile (its own request would hang too: ask for the headers).
      expect((await daemon.get('/0.1/directories/lookup/default/headers')).body.column_headers).toEqual(['New']);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('stops within shutdown_timeout when a request never ends, cutting its connection', async () => {
    const daemon = await startTestDaemon({ config: hanging('Old') });
    const stuck = daemon.get('/0.1/directories/lookup/default?term=x').then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    expect(await daemon.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await stuck).toBe('cut');
    expect(daemon.logs.map(msg)).toContainEqual(expect.stringMatching(/; closing the remaining connections$/));
  });
});

describe('what a reload cannot change live', () => {
  it('serves a renewed TLS certificate to new connections; a changed port is kept, with a warning naming the key', async () => {
    const certs = await mkdtemp(path.join(os.tmpdir(), 'dird-reload-tls-'));
    try {
      await mkdir(path.join(certs, 'a'));
      await mkdir(path.join(certs, 'b'));
      await selfSignedCertificate(path.join(certs, 'a'));
      await selfSignedCertificate(path.join(certs, 'b'));
      const tls = { rest_api: { listen: '127.0.0.1', port: 0, certificate: 'cert.pem', private_key: 'key.pem' } };
      const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-reload-'));
      const useCertificate = async (which: string) => {
        for (const file of ['cert.pem', 'key.pem']) await copyFile(path.join(certs, which, file), path.join(dir, file));
      };
      await useCertificate('a');
      const daemon = await startTestDaemon({ dir, files: FILES, config: { ...before(), ...tls } });
      try {
        const ca = (which: string) => readFile(path.join(certs, which, 'cert.pem'));
        const status = (trusting: Buffer) =>
          new Promise<number>((resolve, reject) => {
            // A new connection each time (no agent): the certificate is the one served at the handshake.
            const req = https.get(
              `${daemon.url}/0.1/directories/lookup/default?term=al`,
              { ca: trusting, agent: false },
              (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
              },
            );
            req.on('error', reject);
          });
        expect(await status(await ca('a'))).toBe(200);
        await useCertificate('b');
        await writeFile(
          path.join(daemon.dir, 'config.yml'),
          JSON.stringify({ ...before(), rest_api: { ...tls.rest_api, port: 1 } }),
        );
        process.kill(daemon.pid, 'SIGHUP');
        await daemon.waitForLog(isReloadDone);
        const messages = daemon.logs.map(msg);
        expect(messages).toContain(`HTTPS certificate reloaded: ${path.join(daemon.dir, 'cert.pem')}`);
        expect(messages).toContain(
          `${path.join(daemon.dir, 'config.yml')}: rest_api.port: changed from 0 to 1: needs a restart; the running value is kept`,
        );
        expect(await status(await ca('b'))).toBe(200);
        await expect(status(await ca('a'))).rejects.toThrow(/self-signed|self signed/);
      } finally {
        expect(await daemon.stop()).toBe(0);
        await rm(dir, { recursive: true, force: true });
      }
    } finally {
      await rm(certs, { recursive: true, force: true });
    }
  });
});

function isReloadDoneMsg(m: string): boolean {
  return m.startsWith('reload done in ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
