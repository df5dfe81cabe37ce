import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkBlock,
  silentLogger,
  type BaseSourcePlugin,
  type DirdConfig,
  type Logger,
  type SourceResult,
} from '@dird/core';
import { csv, loadPluginThroughRegistry } from '@dird/core/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CsvSourcePlugin } from './csv-source-plugin.js';

let dir: string;
const sources: BaseSourcePlugin[] = [];
const signal = new AbortController().signal;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-csv-'));
});
afterEach(async () => {
  for (const s of sources.splice(0)) await s.unload();
  await rm(dir, { recursive: true, force: true });
});

async function load(block: Record<string, unknown>, logger: Logger = silentLogger): Promise<CsvSourcePlugin> {
  const source = new CsvSourcePlugin();
  source.name = 'my_csv';
  source.backend = 'csv';
  const { value, problems } = checkBlock(CsvSourcePlugin.configSchema, { name: 'my_csv', type: 'csv', ...block });
  expect(problems).toEqual([]);
  await source.load({ config: value as never, mainConfig: {} as DirdConfig, logger });
  sources.push(source);
  return source;
}

const names = (results: SourceResult[]) => results.map((r) => r.fields.name);
const HEADER = ['clientno', 'firstname', 'lastname', 'number', 'mobile'];
const ROWS = [
  ['1', 'Alice', 'Alan', '1111', '11112'],
  ['2', 'Pépé', 'Le Pew', '2222', ''],
  ['3', 'François', 'Charlé', '3333', '1111'],
  ['4', 'Bob', 'Ålice', '4444', '44445'],
];
const BLOCK = {
  searched_columns: ['firstname', 'lastname'],
  first_matched_columns: ['number', 'mobile'],
  unique_column: 'clientno',
  format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}' },
};

describe('csv backend', () => {
  it('loads through the real registry from its package.json', async () => {
    const { cls } = await loadPluginThroughRegistry('backend', 'csv');
    expect(cls.pluginKind).toBe('backend');
    expect(cls.name).toBe('CsvSourcePlugin');
  });

  it('searches ignoring case and accents, in file order, with format columns and the unique id', async () => {
    await writeFile(path.join(dir, 'c.csv'), csv(HEADER, ROWS));
    const source = await load({ file: path.join(dir, 'c.csv'), ...BLOCK });
    for (const term of ['pep', 'pép', 'PÉP']) expect(names(source.search(term, { signal }))).toEqual(['Pépé Le Pew']);
    expect(names(source.search('ALI', { signal }))).toEqual(['Alice Alan', 'Bob Ålice']);
    expect(names(source.search('', { signal }))).toHaveLength(4);
    expect(names(source.search('e', { signal, limit: 2 }))).toEqual(['Alice Alan', 'Pépé Le Pew']);
    const [charle] = source.search('charle', { signal });
    expect(charle.relations.source_entry_id).toBe('3');
    expect(charle.fields).toMatchObject({ firstname: 'François', number: '3333', reverse: 'François Charlé' });
    expect(source.search('1111', { signal })).toEqual([]);
  });

  it('matches exactly on first_matched_columns (first row in file order) and lists by unique id', async () => {
    await writeFile(path.join(dir, 'c.csv'), csv(HEADER, ROWS));
    const source = await load({ file: path.join(dir, 'c.csv'), ...BLOCK });
    expect(source.firstMatch('1111', { signal })?.fields.name).toBe('Alice Alan');
    expect(source.firstMatch('11112', { signal })?.fields.name).toBe('Alice Alan');
    expect(source.firstMatch('111', { signal })).toBeNull();
    expect(names(source.list(['3', '1', '99']))).toEqual(['Alice Alan', 'François Charlé']);
  });

  it('parses quotes, a BOM, CRLF, another separator, short and long rows', async () => {
    const text = '\ufeffid;firstname;lastname\r\n1;"Smith; John";"O""Neil"\r\n2;Short\r\n3;Long;Row;extra\r\n\r\n';
    await writeFile(path.join(dir, 'c.csv'), text);
    const source = await load({
      file: path.join(dir, 'c.csv'),
      separator: ';',
      searched_columns: ['firstname', 'lastname'],
      unique_column: 'id',
    });
    expect(source.search('', { signal }).map((r) => r.fields)).toEqual([
      { id: '1', firstname: 'Smith; John', lastname: 'O"Neil' },
      { id: '2', firstname: 'Short' },
      { id: '3', firstname: 'Long', lastname: 'Row' },
    ]);
  });

  it('serves no entries while the file is missing, and loads it when it appears', async () => {
    const error = vi.fn();
    const file = path.join(dir, 'later.csv');
    const source = await load(
      { file, ...BLOCK, reload_interval: 0.05 },
      { ...silentLogger, error, child: () => silentLogger },
    );
    expect(source.search('', { signal })).toEqual([]);
    expect(String(error.mock.calls[0][1])).toMatch(/cannot read .*later\.csv.*serving no entries/);
    await writeFile(file, csv(HEADER, ROWS));
    await vi.waitFor(() => expect(source.search('', { signal })).toHaveLength(4), { timeout: 5000, interval: 50 });
  });

  it('reloads a changed file (also when replaced by rename) and keeps the last good data when it becomes unreadable', async () => {
    const file = path.join(dir, 'c.csv');
    await writeFile(file, csv(HEADER, ROWS));
    const error = vi.fn();
    const source = await load({ file, ...BLOCK, reload_interval: 0.05 }, { ...silentLogger, error });
    await writeFile(path.join(dir, 'new.csv'), csv(HEADER, [...ROWS, ['5', 'Zoé', 'Zèbre', '5555', '']]));
    await rename(path.join(dir, 'new.csv'), file);
    await vi.waitFor(() => expect(names(source.search('zoe', { signal }))).toEqual(['Zoé Zèbre']), {
      timeout: 5000,
      interval: 50,
    });
    if (process.getuid?.() !== 0) {
      await chmod(file, 0o000);
    } else {
      // root reads any file whatever its mode: a folder in its place cannot be read as one.
      await rm(file);
      await mkdir(file);
    }
    await vi.waitFor(() => expect(error).toHaveBeenCalled(), { timeout: 5000, interval: 50 });
    expect(String(error.mock.calls[0][1])).toMatch(/keeping the 5 rows loaded before/);
    await sleep(200);
    expect(names(source.search('zoe', { signal }))).toEqual(['Zoé Zèbre']);
  });

  it('rejects a bad block with the key and the reason', () => {
    const { problems } = checkBlock(CsvSourcePlugin.configSchema, { name: 'x', type: 'csv', separator: ';;' });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['/file', '/separator']));
  });
});
