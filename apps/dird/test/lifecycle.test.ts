import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { lookupConfig, startTestDaemon } from '@dird/dird/testkit';
import { describe, expect, it, vi } from 'vitest';
import { CONTACTS_CSV, TEST_PLUGINS } from './helpers.js';

const require = createRequire(import.meta.url);
const dirdBin = path.join(path.dirname(require.resolve('@dird/dird/package.json')), 'src', 'bin.ts');
const run = promisify(execFile);

describe('the dird command', () => {
  it('prints its help and version', async () => {
    const args = ['--import', require.resolve('tsx'), '--conditions=@dird/source', dirdBin];
    const help = await run(process.execPath, [...args, '--help']);
    expect(help.stdout).toMatch(/Usage: dird \[-c CONFIG_FILE\]/);
    expect(help.stdout).toMatch(/--log-level/);
    const version = await run(process.execPath, [...args, '--version']);
    expect(version.stdout).toMatch(/^dird \d+\.\d+\.\d+/);
    await expect(run(process.execPath, [...args, '--bogus'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown option '--bogus'/),
    });
    expect(help.stdout).toMatch(/-u, --user USER/);
  });

  it("accepts xivo-dird's -u USER / --user USER and ignores it with a warning", async () => {
    for (const args of [
      ['-u', 'xivo-dird'],
      ['--user', 'xivo-dird'],
    ]) {
      const daemon = await startTestDaemon({
        args,
        files: { 'contacts.csv': CONTACTS_CSV },
        config: lookupConfig({
          sources: { c: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] } },
        }),
      });
      try {
        const warning = await daemon.waitForLog((l) => /^-u\/--user xivo-dird ignored/.test(String(l.msg)));
        expect(warning.level).toBe('warn');
        expect(warning.msg).toMatch(/dird does not change user/);
        expect((await daemon.get('/0.1/directories/lookup/default?term=ali')).status).toBe(200);
      } finally {
        expect(await daemon.stop()).toBe(0);
      }
    }
  });
});

describe('logs', () => {
  it('--log-format pretty writes lines a person reads; the default off a terminal stays JSON lines', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-log-format-'));
    try {
      await writeFile(path.join(dir, 'contacts.csv'), CONTACTS_CSV);
      const config = lookupConfig({
        sources: { c: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] } },
      });
      await writeFile(
        path.join(dir, 'config.yml'),
        JSON.stringify({ ...config, rest_api: { listen: '127.0.0.1', port: 0 } }),
      );
      const args = ['--import', require.resolve('tsx'), '--conditions=@dird/source', dirdBin, '-c', 'config.yml'];
      const firstLines = async (extra: string[]) => {
        const child = spawn(process.execPath, [...args, ...extra], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (b: Buffer) => (out += b.toString()));
        await vi.waitFor(() => expect(out).toMatch(/dird listening on/), { timeout: 20_000, interval: 50 });
        child.kill('SIGTERM');
        await new Promise((resolve) => child.on('close', resolve));
        return out.split('\n').filter((l) => l !== '');
      };
      const pretty = await firstLines(['--log-format', 'pretty']);
      const listening = pretty.find((l) => /dird listening on/.test(l))!;
      expect(listening).toMatch(
        /^\d\d:\d\d:\d\d\.\d{3} INFO {2}dird {2}dird listening on http:\/\/127\.0\.0\.1:\d+ {2}url=/,
      );
      expect(pretty.some((l) => l.startsWith('{'))).toBe(false);
      const json = await firstLines([]);
      for (const line of json) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown --log-format, naming the choices', async () => {
    const args = ['--import', require.resolve('tsx'), '--conditions=@dird/source', dirdBin];
    await expect(run(process.execPath, [...args, '--log-format', 'xml'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--log-format xml: must be one of auto, json, pretty/),
    });
  });
});

describe('lifecycle', () => {
  it('on SIGTERM, finishes in-flight requests, unloads the plugins and exits 0', async () => {
    const daemon = await startTestDaemon({
      config: lookupConfig({
        backends: ['slow'],
        sources: { slow: { type: 'slow', delay: 1, results: [{ firstname: 'Late' }] } },
        columns: [{ title: 'Firstname', field: 'firstname', type: null }],
        timeout: 5,
        extra: { plugin_paths: [TEST_PLUGINS] },
      }),
    });
    const inFlight = daemon.get('/0.1/directories/lookup/default?term=x');
    await new Promise((r) => setTimeout(r, 300));
    const stopped = daemon.stop('SIGTERM');
    const { status, body } = await inFlight;
    expect(status).toBe(200);
    expect(body.results[0].column_values).toEqual(['Late']);
    expect(await stopped).toBe(0);
    const messages = daemon.logs.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['SIGTERM received', 'slow source slow unloaded', 'dird stopped']));
    // The source is unloaded once the in-flight answer is out, and before the daemon says it stopped.
    expect(messages.indexOf('slow source slow unloaded')).toBeLessThan(messages.indexOf('dird stopped'));
  });

  it('stops on SIGINT too', async () => {
    const daemon = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: lookupConfig({ sources: { c: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] } } }),
    });
    expect(await daemon.stop('SIGINT')).toBe(0);
  });

  it('on SIGHUP, reopens log_filename (after logrotate moved it away) and keeps serving', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-hup-'));
    const config = lookupConfig({
      sources: { c: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] } },
      extra: { log_filename: 'log/dird.log', rest_api: { listen: '127.0.0.1', port: 0 } },
    });
    await writeFile(path.join(dir, 'contacts.csv'), CONTACTS_CSV);
    await writeFile(path.join(dir, 'config.yml'), JSON.stringify(config));
    const logFile = path.join(dir, 'log', 'dird.log');
    const child = spawn(
      process.execPath,
      ['--import', require.resolve('tsx'), '--conditions=@dird/source', dirdBin, '-c', path.join(dir, 'config.yml')],
      { cwd: dir, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = async (file: string) =>
      (await readFile(file, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { msg: string; url?: string });
    const waitForLine = (file: string, match: RegExp) =>
      vi.waitFor(
        async () => {
          const found = (await lines(file)).find((l) => match.test(l.msg));
          if (!found) throw new Error(`no line matching ${match} in ${file}`);
          return found;
        },
        { timeout: 20_000, interval: 100 },
      );
    try {
      const { url } = await waitForLine(logFile, /^dird listening on/);
      const lookup = () => fetch(`${url}/0.1/directories/lookup/default?term=ali`).then((r) => r.status);
      expect(await lookup()).toBe(200);
      await rename(logFile, `${logFile}.1`);
      process.kill(child.pid!, 'SIGHUP');
      await waitForLine(logFile, /^log file reopened: .*log\/dird\.log$/);
      expect(await lookup()).toBe(200);
      expect(child.exitCode).toBeNull();
      // The line saying why went to the old file, before the reopen; later lines go to the new one.
      expect((await lines(`${logFile}.1`)).map((l) => l.msg)).toContain('SIGHUP received: reopening the log file');
      process.kill(child.pid!, 'SIGTERM');
      expect(await exited).toBe(0);
      expect((await lines(logFile)).map((l) => l.msg)).toContain('dird stopped');
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reloads a CSV file that changes on disk, without a restart', async () => {
    const daemon = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: lookupConfig({
        sources: { c: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'], reload_interval: 0.1 } },
        columns: [{ title: 'Firstname', field: 'firstname', type: null }],
      }),
    });
    try {
      const names = async () =>
        (await daemon.get('/0.1/directories/lookup/default?term=zo')).body.results.map(
          (r: { column_values: unknown[] }) => r.column_values[0],
        );
      expect(await names()).toEqual([]);
      const file = path.join(daemon.dir, 'contacts.csv');
      await writeFile(`${file}.new`, `${CONTACTS_CSV}5,Zoé,Zèbre,3333,\n`);
      await rename(`${file}.new`, file);
      await vi.waitFor(async () => expect(await names()).toEqual(['Zoé']), { timeout: 10_000, interval: 100 });
      await daemon.waitForLog((l) => /reloaded 5 rows from .*contacts\.csv/.test(String(l.msg)));
    } finally {
      await daemon.stop();
    }
  });
});
