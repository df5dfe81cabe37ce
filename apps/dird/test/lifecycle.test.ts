import { execFile } from 'node:child_process';
import { rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { lookupConfig, startTestDaemon } from '@dird/core/testkit';
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
