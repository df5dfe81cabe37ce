import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  buildDisplays,
  checkBlock,
  entryJson,
  JsonAnswer,
  silentLogger,
  writeEntry,
  type BaseSourcePlugin,
  type DirdConfig,
  type Logger,
  type SourceResult,
} from '@dird/core';
import { csv, loadArgs, loadPluginThroughRegistry, sourceCallArgs } from '@dird/core/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CsvSourcePlugin } from './csv-source-plugin.js';
import { idHash } from './id-hashes.js';

let dir: string;
const sources: BaseSourcePlugin[] = [];
const args = sourceCallArgs();

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-csv-'));
});
afterEach(async () => {
  for (const s of sources.splice(0)) await s.unload();
  await rm(dir, { recursive: true, force: true });
});

async function load(
  block: Record<string, unknown>,
  logger: Logger = silentLogger,
  mainConfig: Partial<DirdConfig> = {},
): Promise<CsvSourcePlugin> {
  const source = new CsvSourcePlugin();
  source.name = 'my_csv';
  source.backend = 'csv';
  const { value, problems } = checkBlock(CsvSourcePlugin.configSchema, { name: 'my_csv', type: 'csv', ...block });
  expect(problems).toEqual([]);
  await source.load(loadArgs(value as never, { logger, mainConfig }));
  sources.push(source);
  return source;
}

/** The plain result (fields and relations), without the CSV result's own way of writing its entry. */
const plainOf = (r: SourceResult): SourceResult => ({
  source: r.source,
  backend: r.backend,
  fields: r.fields,
  relations: r.relations,
  isPersonal: r.isPersonal,
});
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
    for (const term of ['pep', 'pép', 'PÉP']) expect(names(source.search(term, args))).toEqual(['Pépé Le Pew']);
    expect(names(source.search('ALI', args))).toEqual(['Alice Alan', 'Bob Ålice']);
    expect(names(source.search('', args))).toHaveLength(4);
    expect(names(source.search('e', { ...args, limit: 2 }))).toEqual(['Alice Alan', 'Pépé Le Pew']);
    // A page after `offset` (given by the lookup service to a one-source profile).
    const all = names(source.search('', args));
    expect(names(source.search('', { ...args, offset: 1, limit: 2 }))).toEqual(all.slice(1, 3));
    expect(names(source.search('', { ...args, offset: 3 }))).toEqual(all.slice(3));
    expect(source.search('', { ...args, offset: 4, limit: 2 })).toEqual([]);
    const [charle] = source.search('charle', args);
    expect(charle.relations.source_entry_id).toBe('3');
    expect(charle.fields).toMatchObject({ firstname: 'François', number: '3333', reverse: 'François Charlé' });
    expect(source.search('1111', args)).toEqual([]);
  });

  it('matches exactly on first_matched_columns (first row in file order) and lists by unique id', async () => {
    await writeFile(path.join(dir, 'c.csv'), csv(HEADER, ROWS));
    const source = await load({ file: path.join(dir, 'c.csv'), ...BLOCK });
    expect(source.firstMatch('1111', args)?.fields.name).toBe('Alice Alan');
    expect(source.firstMatch('11112', args)?.fields.name).toBe('Alice Alan');
    expect(source.firstMatch('111', args)).toBeNull();
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
    expect(source.search('', args).map((r) => r.fields)).toEqual([
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
    expect(source.search('', args)).toEqual([]);
    expect(String(error.mock.calls[0][1])).toMatch(/cannot read .*later\.csv.*serving no entries/);
    await writeFile(file, csv(HEADER, ROWS));
    await vi.waitFor(() => expect(source.search('', args)).toHaveLength(4), { timeout: 5000, interval: 50 });
  });

  it('reloads a changed file (also when replaced by rename) and keeps the last good data when it becomes unreadable', async () => {
    const file = path.join(dir, 'c.csv');
    await writeFile(file, csv(HEADER, ROWS));
    const error = vi.fn();
    const source = await load({ file, ...BLOCK, reload_interval: 0.05 }, { ...silentLogger, error });
    await writeFile(path.join(dir, 'new.csv'), csv(HEADER, [...ROWS, ['5', 'Zoé', 'Zèbre', '5555', '']]));
    await rename(path.join(dir, 'new.csv'), file);
    await vi.waitFor(() => expect(names(source.search('zoe', args))).toEqual(['Zoé Zèbre']), {
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
    expect(names(source.search('zoe', args))).toEqual(['Zoé Zèbre']);
  });

  it('reloads a file with rows changed, added and removed, and says how many rows were as before', async () => {
    const file = path.join(dir, 'c.csv');
    const many = Array.from({ length: 200 }, (_, i) => [String(i + 10), `Name${i}`, `Family${i}`, `0${i}`, '']);
    await writeFile(file, csv(HEADER, [...ROWS, ...many]));
    const info = vi.fn();
    const source = await load({ file, ...BLOCK, reload_interval: 0.05 }, { ...silentLogger, info });
    // Row 3 of ROWS changed, a row added after it, two of `many` removed.
    const changed = ROWS.map((r, i) => (i === 2 ? [r[0], 'Changed', r[2], r[3], r[4]] : r));
    const next = [...changed, ['7', 'Added', 'Person', '0777', ''], ...many.slice(0, 50), ...many.slice(52)];
    await writeFile(file, csv(HEADER, next));
    await vi.waitFor(() => expect(names(source.search('added', args))).toEqual(['Added Person']), {
      timeout: 5000,
      interval: 50,
    });
    const reloaded = info.mock.calls.map((c) => String(c[1])).find((m) => m.startsWith('reloaded'));
    expect(reloaded).toMatch(/^reloaded 203 rows from .* \(201 rows unchanged/);
    expect(info.mock.calls.find((c) => String(c[1]).startsWith('reloaded'))![0]).toMatchObject({
      rows: 203,
      unchanged_rows: 201,
    });
    // What every row reads is the new file's.
    expect(names(source.search('changed', args))).toHaveLength(1);
    expect(names(source.search('name50', args))).toEqual([]);
    expect(names(source.search('name52', args))).toEqual(['Name52 Family52']);
    expect(source.search('', { ...args, limit: 1000 })).toHaveLength(203);
  });

  it('keeps the last good data when a reload meets a quote never closed in a large file, naming its line', async () => {
    const file = path.join(dir, 'c.csv');
    await writeFile(file, csv(HEADER, ROWS));
    const error = vi.fn();
    const source = await load({ file, ...BLOCK, reload_interval: 0.05 }, { ...silentLogger, error });
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i + 10},Name${i},Last${i},${i},`);
    await writeFile(
      path.join(dir, 'new.csv'),
      `${HEADER.join(',')}\n5,Zoé,Zèbre,5555,\n6,"Oops,X,6,\n${rows.join('\n')}\n`,
    );
    await rename(path.join(dir, 'new.csv'), file);
    await vi.waitFor(() => expect(error).toHaveBeenCalled(), { timeout: 10_000, interval: 50 });
    const message = String(error.mock.calls[0][1]);
    expect(message).toMatch(/cannot read .*c\.csv: line 3: quote not closed: .*keeping the 4 rows loaded before/);
    expect(message.match(/line \d+/g)).toEqual(['line 3']);
    expect(names(source.search('', args))).toHaveLength(4);
    expect(source.search('zoe', args)).toEqual([]);
  });

  it('reads a Windows-1252 (Latin-1) file, found with or without accents, and warns once per load', async () => {
    const file = path.join(dir, 'latin1.csv');
    const text =
      'clientno,firstname,lastname,number,mobile\r\n1,Alice,Alan,1111,\r\n2,Hélène,Müller,2222,\r\n3,Zoé,Lœuf,3333,\r\n';
    await writeFile(file, Buffer.from(text.replace('œ', '\x9c'), 'latin1'));
    const warn = vi.fn();
    const source = await load({ file, ...BLOCK }, { ...silentLogger, warn });
    for (const term of ['helene', 'hélène', 'HÉLÈNE', 'muller']) {
      expect(names(source.search(term, args)), term).toEqual(['Hélène Müller']);
    }
    expect(names(source.search('loeuf', args))).toEqual(['Zoé Lœuf']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]).toBe(
      `${file}: line 3 is not UTF-8: read as Windows-1252; save the file as UTF-8 to silence this`,
    );
  });

  it('matches every row on the empty term, and none on a term made only of characters dropped from it', async () => {
    await writeFile(path.join(dir, 'c.csv'), csv(HEADER, ROWS));
    const source = await load({ file: path.join(dir, 'c.csv'), ...BLOCK });
    expect(source.search('', args)).toHaveLength(4);
    for (const term of ['\t', '\x00', '\r\n', '\u0301', '\t\u0301\x00']) {
      expect(source.search(term, args), JSON.stringify(term)).toEqual([]);
    }
    expect(names(source.search('\tpep\x00', args))).toEqual(['Pépé Le Pew']);
  });

  it('uses the last of two columns of the same name everywhere, as xivo-dird (DictReader) does', async () => {
    await writeFile(path.join(dir, 'dup.csv'), 'id,name,number,name,id\n1,Alpha,111,Beta,9\n');
    const source = await load({
      file: path.join(dir, 'dup.csv'),
      searched_columns: ['name'],
      first_matched_columns: ['id'],
      unique_column: 'id',
    });
    expect(source.search('alpha', args)).toEqual([]);
    const [beta] = source.search('beta', args);
    expect(beta.fields).toEqual({ id: '9', name: 'Beta', number: '111' });
    expect(beta.relations.source_entry_id).toBe('9');
    expect(source.list(['1'])).toEqual([]);
    expect(source.list(['9']).map((r) => r.fields.name)).toEqual(['Beta']);
    expect(source.firstMatch('1', args)).toBeNull();
    expect(source.firstMatch('9', args)?.fields.name).toBe('Beta');
  });

  it('reads one field, or whether the unique id is one of a set, as fields and relations say, split or not', async () => {
    // Rows kept as lines (no quotes), a short one, one in quotes (kept as values), a column named twice.
    const text = 'id,first,last,phone,id\n1,Ann,Lee,100,7\n2,Bob\n3,"Cy, Jr",Dunn,300,\n4,Di,Ewe,400,8\n';
    await writeFile(path.join(dir, 'f.csv'), text);
    const source = await load({
      file: path.join(dir, 'f.csv'),
      searched_columns: ['first'],
      unique_column: 'id',
      format_columns: { name: '{first} {last}', dial: '{phone}', first: '{first}!' },
    });
    const names = ['id', 'first', 'last', 'phone', 'name', 'dial', 'absent', 'constructor'];
    const ids = new Set(['7', '2', '', '8']);
    for (const order of ['field first', 'fields first']) {
      for (const result of source.search('', args)) {
        const plain = plainOf(result);
        if (order === 'fields first') void result.fields;
        for (const name of names) {
          expect(result.field!(name), `${order}: ${name}`).toEqual(
            Object.hasOwn(plain.fields, name) ? plain.fields[name] : undefined,
          );
        }
        const id = plain.relations.source_entry_id;
        expect(result.entryIdIn!(ids), `${order}: ${id}`).toBe(id !== null && ids.has(id));
      }
    }
    expect(source.search('', args).map((r) => [r.field!('name'), r.relations.source_entry_id])).toEqual([
      ['Ann Lee', '7'],
      ['Bob', '2'],
      ['Cy, Jr Dunn', ''],
      ['Di Ewe', '8'],
    ]);
  });

  it('says an empty file is empty, not that its searched columns are missing', async () => {
    for (const [name, text] of [
      ['empty.csv', ''],
      ['blank.csv', '\ufeff\r\n\n'],
    ]) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      const warn = vi.fn();
      const source = await load({ file, ...BLOCK }, { ...silentLogger, warn });
      expect(source.search('', args)).toEqual([]);
      expect(warn.mock.calls.map((c) => c[1])).toEqual([`${file} is empty: no header line, so no entries`]);
    }
  });

  describe('entries prepared at load for the displays of its lookup profiles', () => {
    const columns = [
      { title: 'Name', field: 'name' },
      { title: 'Number', field: 'number', type: 'number' },
      { title: 'Fav', field: 'fav', type: 'favorite' },
    ];
    // Two profiles with the same display (prepared once), one with another, one not naming the source.
    const mainConfig = {
      services: {
        lookup: {
          a: { sources: ['my_csv'] },
          b: { sources: { other: true, my_csv: true } },
          c: { sources: ['my_csv'] },
          d: { sources: ['other'] },
        },
      },
      views: {
        displays: { full: columns, short: [{ title: 'Name', field: 'name' }], unused: [{ field: 'firstname' }] },
        profile_to_display: { a: 'full', b: 'full', c: 'short', d: 'unused' },
      },
    };
    const displays = buildDisplays(mainConfig.views);
    /** The entries of `results` for `display` as a lookup answer writes them, and as they are written per request. */
    const written = (results: SourceResult[], profile: string) => {
      const display = displays.get(profile)!;
      const answer = new JsonAnswer();
      const text: string[] = [];
      results.forEach((result, i) => {
        if (i > 0) answer.comma();
        writeEntry(answer, display, result, i % 2 === 1);
        text.push(entryJson(display, plainOf(result), i % 2 === 1));
      });
      return { bytes: answer.toBuffer().toString('utf8'), text: text.join(',') };
    };

    it('tells a favorite from its id hash kept at load, and a hash collision from a favorite', async () => {
      // Two ids of the same hash: one in the file, the other a favorite that names no row of it.
      const [kept, twin] = ['394287010', '677850562'];
      expect(idHash(kept)).toBe(idHash(twin));
      const file = path.join(dir, 'ids.csv');
      const rows = [
        [kept, 'Ann', 'Lee', '100', ''],
        ['2', 'Bob', 'Ray', '200', ''],
        ['', 'Cy', 'Dunn', '300', ''],
      ];
      await writeFile(file, csv(HEADER, rows));
      const source = await load({ file, ...BLOCK }, silentLogger, mainConfig);
      const results = source.search('', args);
      expect(results.map((r) => r.relations.source_entry_id)).toEqual([kept, '2', '']);
      for (const ids of [
        new Set([twin]),
        new Set([twin, '2']),
        new Set([kept]),
        new Set<string>(),
        new Set(['2', '']),
      ]) {
        for (const result of source.search('', args)) {
          const id = result.relations.source_entry_id;
          expect(result.entryIdIn!(ids), `${id} in ${[...ids].join()}`).toBe(id !== null && ids.has(id));
        }
      }
      // Through a lookup answer: only the row whose id is a favorite is flagged.
      const display = displays.get('a')!;
      const answer = new JsonAnswer();
      const favorites = new Set([twin, '2']);
      results.forEach((result, i) => {
        if (i > 0) answer.comma();
        writeEntry(answer, display, result, result.entryIdIn!(favorites));
      });
      const flags = JSON.parse(`[${answer.toBuffer().toString('utf8')}]`).map(
        (e: { column_values: unknown[] }) => e.column_values[2],
      );
      expect(flags).toEqual([false, true, false]);
    });

    it('writes the same entries as per request, says what it prepared, and prepares them again on reload', async () => {
      const file = path.join(dir, 'c.csv');
      await writeFile(file, csv(HEADER, ROWS));
      const info = vi.fn();
      const source = await load({ file, ...BLOCK, reload_interval: 0.05 }, { ...silentLogger, info }, mainConfig);
      expect(info).toHaveBeenCalledWith(
        expect.objectContaining({ rows: 4, prepared_displays: 2, prepared_bytes: expect.any(Number) }),
        expect.stringMatching(/entries prepared for 2 display\(s\)/),
      );
      for (const profile of ['a', 'c', 'd']) {
        const { bytes, text } = written(source.search('', args), profile);
        expect(bytes).toBe(text);
        expect(JSON.parse(`[${bytes}]`)).toHaveLength(4);
      }
      expect(JSON.parse(`[${written(source.search('', args), 'a').bytes}]`)[1].column_values).toEqual([
        'Pépé Le Pew',
        '2222',
        true,
      ]);
      await writeFile(path.join(dir, 'new.csv'), csv(HEADER, [['9', 'Zoé', 'Zèbre', '9999', ''], ...ROWS]));
      await rename(path.join(dir, 'new.csv'), file);
      await vi.waitFor(() => expect(names(source.search('zoe', args))).toEqual(['Zoé Zèbre']), {
        timeout: 5000,
        interval: 50,
      });
      const { bytes, text } = written(source.search('', args), 'a');
      expect(bytes).toBe(text);
      expect(JSON.parse(`[${bytes}]`)[0].column_values).toEqual(['Zoé Zèbre', '9999', false]);
      // The four rows as before kept their entries (and id hashes); the favorites are told as from the file.
      expect(info).toHaveBeenCalledWith(
        expect.objectContaining({ rows: 5, unchanged_rows: 4 }),
        expect.stringMatching(/^reloaded 5 rows/),
      );
      const favorites = new Set(['9', '2']);
      expect(source.search('', args).map((r) => r.entryIdIn!(favorites))).toEqual([true, false, true, false, false]);
      for (const profile of ['a', 'c']) {
        const again = written(source.search('', args), profile);
        expect(again.bytes).toBe(again.text);
      }
    });

    it('keeps the entries of unchanged rows through reloads of changed, added and removed rows, and a new header', async () => {
      const file = path.join(dir, 'c.csv');
      const many = Array.from({ length: 300 }, (_, i) => [String(i + 10), `Näme${i}`, `Fam ${i}`, `0${i}`, `${i}`]);
      await writeFile(file, csv(HEADER, many));
      const source = await load({ file, ...BLOCK, reload_interval: 0.05 }, silentLogger, mainConfig);
      const versions = [
        // Rows changed, one added, some removed.
        [
          ...many.slice(0, 100).map((r, i) => (i % 10 === 0 ? [r[0], 'Changed', ...r.slice(2)] : r)),
          ['1', 'New', 'Row', '1', ''],
          ...many.slice(105),
        ],
        // The same again with one more row at the end.
        [
          ...many.slice(0, 100).map((r, i) => (i % 10 === 0 ? [r[0], 'Changed', ...r.slice(2)] : r)),
          ['1', 'New', 'Row', '1', ''],
          ...many.slice(105),
          ['2', 'Last', 'One', '2', ''],
        ],
      ];
      for (const rows of versions) {
        await writeFile(path.join(dir, 'new.csv'), csv(HEADER, rows));
        await rename(path.join(dir, 'new.csv'), file);
        await vi.waitFor(() => expect(source.search('', { ...args, limit: 1000 })).toHaveLength(rows.length), {
          timeout: 5000,
          interval: 50,
        });
        for (const profile of ['a', 'c']) {
          const { bytes, text } = written(source.search('', { ...args, limit: 1000 }), profile);
          expect(bytes).toBe(text);
        }
      }
      // Another header (columns swapped): nothing prepared before is kept, every entry is written again.
      const swapped = ['clientno', 'lastname', 'firstname', 'number', 'mobile'];
      await writeFile(path.join(dir, 'new.csv'), csv(swapped, versions[1]));
      await rename(path.join(dir, 'new.csv'), file);
      await vi.waitFor(() => expect(names(source.search('changed', args))[0]).toMatch(/ Changed$/), {
        timeout: 5000,
        interval: 50,
      });
      const { bytes, text } = written(source.search('', { ...args, limit: 1000 }), 'a');
      expect(bytes).toBe(text);
      expect(JSON.parse(`[${bytes}]`)[1].column_values[0]).toBe('Fam 1 Näme1');
    });

    it('prepares nothing with prepared_entries: false, and still answers the same', async () => {
      await writeFile(path.join(dir, 'c.csv'), csv(HEADER, ROWS));
      const info = vi.fn();
      const block = { file: path.join(dir, 'c.csv'), ...BLOCK, prepared_entries: false };
      const source = await load(block, { ...silentLogger, info }, mainConfig);
      expect(info).toHaveBeenCalledWith(
        expect.objectContaining({ prepared_displays: 0 }),
        expect.not.stringMatching(/prepared/),
      );
      const { bytes, text } = written(source.search('', args), 'a');
      expect(bytes).toBe(text);
    });
  });

  describe('phone fields read at load for the phone displays of its profiles', () => {
    // `mobile` twice in the header (the last is the field); a short row; a format column a phone shows; numbers
    // written as people write them, one with nothing to dial.
    const header = ['clientno', 'firstname', 'lastname', 'mobile', 'number', 'mobile'];
    const rows = [
      ['1', 'Alice', 'Alan', 'x', '+33 (0)1 23 45 67 89', '06.12.34.56.78'],
      ['2', 'Pépé', 'Le Pew', '', 'ext. n/a', ''],
      ['3', '', '', '07', '(01) 23-45'],
      ['4', 'Zoë 😀', 'Ålice', '', '', '+4412'],
      ['5'],
    ];
    const phoneConfig = (number: string[]) => ({
      services: { lookup: { p: { sources: ['my_csv'] } } },
      views: {
        displays_phone: { d: { name: ['name', 'clientno'], number: [{ field: number }, { field: ['mobile'] }] } },
        profile_to_display_phone: { p: 'd' },
      },
    });
    const read = (source: CsvSourcePlugin) =>
      source.search('', args).map((r) => ({
        fields: ['name', 'clientno', 'number', 'mobile', 'firstname'].map((f) => r.field!(f)),
        dialled: ['number', 'mobile', 'nothing', 'lastname'].map((f) => r.dialled!(f)),
      }));

    it('gives the same fields and dialled numbers as the rows read per request, and says what it read', async () => {
      const file = path.join(dir, 'phones.csv');
      await writeFile(file, csv(header, rows));
      const info = vi.fn();
      const prepared = await load({ file, ...BLOCK }, { ...silentLogger, info }, phoneConfig(['number']));
      const perRequest = await load({ file, ...BLOCK, prepared_entries: false }, silentLogger, phoneConfig(['number']));
      expect(info).toHaveBeenCalledWith(
        expect.objectContaining({ prepared_fields: ['name', 'clientno', 'number', 'mobile'] }),
        expect.stringMatching(/phone fields name, clientno, number, mobile: [0-9.]+ MiB/),
      );
      expect(read(prepared)).toEqual(read(perRequest));
      expect(read(prepared)[0]).toEqual({
        fields: ['Alice Alan', '1', '+33 (0)1 23 45 67 89', '06.12.34.56.78', 'Alice'],
        dialled: ['0033123456789', '0612345678', undefined, ''],
      });
      // Nothing to dial is '' (the contact has no such number); no text at all is undefined.
      expect(read(prepared)[1].dialled).toEqual(['', undefined, undefined, '']);
      expect(read(prepared)[4]).toEqual({
        fields: [null, '5', undefined, undefined, undefined],
        dialled: [undefined, undefined, undefined, undefined],
      });
      // Once a result's record is made, its fields come from it, and agree.
      const [first] = prepared.search('alice', args);
      void first.fields;
      expect([first.field!('name'), first.dialled!('number')]).toEqual(['Alice Alan', '0033123456789']);
    });

    it('is loaded again on a live reload when its phone displays read other fields', async () => {
      const file = path.join(dir, 'phones.csv');
      await writeFile(file, csv(header, rows));
      const source = await load({ file, ...BLOCK }, silentLogger, phoneConfig(['number']));
      const config = (c: object) => ({ ...c, sources: {} }) as unknown as DirdConfig;
      expect(source.reusableWith(config(phoneConfig(['number'])))).toBe(true);
      expect(source.reusableWith(config(phoneConfig(['mobile'])))).toBe(false);
      expect(source.reusableWith(config({ services: phoneConfig([]).services, views: {} }))).toBe(false);
    });
  });

  it('rejects a bad block with the key and the reason', () => {
    const { problems } = checkBlock(CsvSourcePlugin.configSchema, { name: 'x', type: 'csv', separator: ';;' });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['/file', '/separator']));
  });
});
